package dev.kairos.spring;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

/**
 * A piece of HTML that is safe to send: either markup written in the application's code, or text that went through
 * {@link #escape(String)}. Templates are filled with {@link #of(String, Object...)}, which escapes every argument
 * unless it already is {@code Html}, so user data can only reach a page escaped: there is no other way to make one
 * (no public constructor). The built-in pages are written with it, and an application's {@link KairosPageFrame}
 * hands its header to them as {@code Html}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Html {

    /** No markup at all. */
    public static final Html EMPTY = new Html("");

    private final String markup;

    /** Markup as it is: for this package's code that escaped it already (e.g. {@link KairosMessages#html}). */
    Html(String markup) {
        this.markup = Objects.requireNonNull(markup, "markup");
    }

    /**
     * Fills a template: each {@code {}} is replaced by the next argument, escaped ({@link Html} arguments are
     * inserted as they are; {@code null} becomes the text {@code null}). A template without {@code {}} and without
     * arguments is taken as it is: write templates in code, never from user data.
     *
     * @param template the markup, with one {@code {}} per argument
     * @param args the values, as many as {@code {}} in the template
     * @return the filled template
     * @throws IllegalArgumentException if the number of {@code {}} and arguments differ
     */
    public static Html of(String template, Object... args) {
        StringBuilder sb = new StringBuilder(template.length() + 64 * args.length);
        int from = 0;
        int used = 0;
        for (int at = template.indexOf("{}"); at >= 0; at = template.indexOf("{}", from)) {
            if (used == args.length) {
                throw new IllegalArgumentException("template has more {} than the " + args.length + " arguments");
            }
            sb.append(template, from, at);
            Object arg = args[used++];
            sb.append(arg instanceof Html h ? h.markup : escape(String.valueOf(arg)));
            from = at + 2;
        }
        if (used != args.length) {
            throw new IllegalArgumentException("template has " + used + " {} but " + args.length + " arguments");
        }
        return new Html(sb.append(template, from, template.length()).toString());
    }

    /**
     * Joins pieces of HTML, each produced from one element.
     *
     * @param items the elements, in order
     * @param render turns one element into HTML
     * @param <T> the elements' type
     * @return the pieces one after the other ({@link #EMPTY} for no elements)
     */
    public static <T> Html each(Collection<T> items, Function<? super T, Html> render) {
        StringBuilder sb = new StringBuilder();
        for (T item : items) {
            sb.append(render.apply(item).markup);
        }
        return new Html(sb.toString());
    }

    /**
     * Escapes text for an HTML element body or a double- or single-quoted attribute value: {@code & < > " '}.
     *
     * @param text the text; {@code null} is taken as empty
     * @return the escaped text
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null) {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                sb.append(rep);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * The markup, ready to send.
     *
     * @return the markup
     */
    public String markup() {
        return markup;
    }

    /** Two pieces are equal when their markup is. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Html h && markup.equals(h.markup);
    }

    @Override
    public int hashCode() {
        return markup.hashCode();
    }

    /** The markup, as {@link #markup()}. */
    @Override
    public String toString() {
        return markup;
    }
}
