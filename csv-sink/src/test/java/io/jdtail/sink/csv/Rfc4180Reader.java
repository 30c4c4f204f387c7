package io.jdtail.sink.csv;

import java.util.ArrayList;
import java.util.List;

/** A small, strict RFC 4180 reader for the tests: records end with LF (CRLF accepted too). */
final class Rfc4180Reader {

    private Rfc4180Reader() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = text.length();
        boolean atFieldStart = true;
        while (i < n) {
            char c = text.charAt(i);
            if (atFieldStart && c == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated quoted field at " + i);
                    }
                    char q = text.charAt(i++);
                    if (q == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(q);
                    }
                }
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    throw new IllegalArgumentException("garbage after quoted field at " + i);
                }
                atFieldStart = false;
                continue;
            }
            if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
                i++;
            } else if (c == '\n' || (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n')) {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                atFieldStart = true;
                i += c == '\r' ? 2 : 1;
            } else if (c == '"' || c == '\r') {
                throw new IllegalArgumentException("unquoted " + (c == '"' ? "quote" : "CR") + " at " + i);
            } else {
                field.append(c);
                atFieldStart = false;
                i++;
            }
        }
        if (!atFieldStart || !field.isEmpty() || !record.isEmpty()) {
            throw new IllegalArgumentException("last record has no line end");
        }
        return records;
    }
}
