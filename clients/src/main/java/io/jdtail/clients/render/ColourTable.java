package io.jdtail.clients.render;

import java.io.PrintStream;
import java.util.List;

/**
 * DTail's colour table ({@code dtail --colorTable}): every foreground colour on every other background, with each
 * text attribute, each line painted as it says, byte for byte as DTail prints it, so that its users can pick the
 * colours of their configuration on their own terminal. The wide table ({@code dtail --wideColorTable}) shows DTail's
 * sample paragraph under every entry, painted the same way, to judge the colours on running text.
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

    /** DTail's sample paragraph of the wide table, word for word. */
    private static final String SAMPLE_PARAGRAPH = "Mimecast is Making Email Safer for Business. We believe that securely operating a"
            + " business in the cloud requires new levels of IT preparedness, centered around cyber resilience. This is why we"
            + " unify the delivery and management of security, continuity and data protection for email via one, simple-to-use"
            + " cloud platform. Thousands of organizations trust us to increase their cyber resilience preparedness, streamline"
            + " compliance, reduce IT complexity and keep their business running. We give employees fast and secure access to"
            + " sensitive business information, and ensure email keeps flowing in the event of an outage. Mimecast will remain"
            + " committed to protecting your IT assets through constant innovation and focus on your success.";

    private ColourTable() {
    }

    /** DTail's {@code --colorTable}, or with {@code wide} its {@code --wideColorTable}. */
    public static void print(PrintStream out, boolean wide) {
        StringBuilder table = new StringBuilder();
        for (Attribute attribute : ATTRIBUTES) {
            for (Colour foreground : COLOURS) {
                for (Colour background : COLOURS) {
                    if (foreground != background) {
                        paint(table, entry(foreground, background, attribute), foreground, background, attribute);
                        if (wide) {
                            table.append('\n');
                            paint(table, SAMPLE_PARAGRAPH, foreground, background, attribute);
                            table.append('\n');
                        }
                        table.append('\n');
                    }
                }
            }
        }
        out.print(table);
        out.flush();
    }

    private static String entry(Colour foreground, Colour background, Attribute attribute) {
        return String.format(" Foreground:%10s  |  Background:%10s  |  Attribute:%10s ", foreground.name(), background.name(),
                attribute.name());
    }

    /** {@code text} in the colours and attribute, as DTail's PaintStrWithAttr does. */
    private static void paint(StringBuilder table, String text, Colour foreground, Colour background, Attribute attribute) {
        table.append(ESC).append(30 + foreground.n()).append('m').append(ESC).append(40 + background.n()).append('m');
        if (attribute.code().isEmpty()) {
            table.append(text);
        } else {
            table.append(ESC).append(attribute.code()).append('m').append(text).append(RESET_ATTRIBUTES);
        }
        table.append(DEFAULT_BACKGROUND).append(DEFAULT_FOREGROUND);
    }
}
