package io.jdtail.clients.render;

import java.io.PrintStream;
import java.util.List;

/**
 * DTail's colour table ({@code dtail --colorTable}): every foreground colour on every other background, with each
 * text attribute, each line painted as it says, byte for byte as DTail prints it, so that its users can pick the
 * colours of their configuration on their own terminal.
 */
public final class ColourTable {

    private static final String ESC = "\u001b[";
    private static final String DEFAULT_FOREGROUND = ESC + "39m";
    private static final String DEFAULT_BACKGROUND = ESC + "49m";
    private static final String RESET_ATTRIBUTES = ESC + "0m";

    /** A colour by DTail's name; its foreground code is 30 + n, its background code 40 + n. */
    private record Colour(String name, int n) {
    }

    /** A text attribute by DTail's name; none has no code. */
    private record Attribute(String name, String code) {
    }

    /** In DTail's order, Default (9: codes 39 and 49) last. */
    private static final List<Colour> COLOURS = List.of(new Colour("Black", 0), new Colour("Red", 1), new Colour("Green", 2),
            new Colour("Yellow", 3), new Colour("Blue", 4), new Colour("Magenta", 5), new Colour("Cyan", 6), new Colour("White", 7),
            new Colour("Default", 9));

    /** DTail's attributes but Hidden and SlowBlink, which its table leaves out. */
    private static final List<Attribute> ATTRIBUTES = List.of(new Attribute("Bold", "1"), new Attribute("Dim", "2"),
            new Attribute("Italic", "3"), new Attribute("Underline", "4"), new Attribute("Blink", "5"),
            new Attribute("RapidBlink", "6"), new Attribute("Reverse", "7"), new Attribute("None", ""));

    private ColourTable() {
    }

    public static void print(PrintStream out) {
        StringBuilder table = new StringBuilder();
        for (Attribute attribute : ATTRIBUTES) {
            for (Colour foreground : COLOURS) {
                for (Colour background : COLOURS) {
                    if (foreground != background) {
                        line(table, foreground, background, attribute);
                    }
                }
            }
        }
        out.print(table);
        out.flush();
    }

    private static void line(StringBuilder table, Colour foreground, Colour background, Attribute attribute) {
        String text = String.format(" Foreground:%10s  |  Background:%10s  |  Attribute:%10s ", foreground.name(),
                background.name(), attribute.name());
        table.append(ESC).append(30 + foreground.n()).append('m').append(ESC).append(40 + background.n()).append('m');
        if (attribute.code().isEmpty()) {
            table.append(text);
        } else {
            table.append(ESC).append(attribute.code()).append('m').append(text).append(RESET_ATTRIBUTES);
        }
        table.append(DEFAULT_BACKGROUND).append(DEFAULT_FOREGROUND).append('\n');
    }
}
