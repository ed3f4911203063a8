package dev.kairos.spring;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

/**
 * A piece of HTML that is safe to send: either markup written in this code base, or text that went through
 * {@link #escape(String)}. Templates are filled with {@link #of(String, Object...)}, which escapes every argument
 * unless it already is {@code Html}, so user data can only reach a page escaped. (The demo has the same class: the
 * two modules share no package-private code.)
 */
record Html(String markup) {

    static final Html EMPTY = new Html("");

    Html {
        Objects.requireNonNull(markup, "markup");
    }

    /**
     * Fills a template: each {@code {}} is replaced by the next argument, escaped ({@link Html} arguments are
     * inserted as they are).
     *
     * @throws IllegalArgumentException if the number of {@code {}} and arguments differ
     */
    static Html of(String template, Object... args) {
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

    /** Joins pieces of HTML, each produced from one element. */
    static <T> Html each(Collection<T> items, Function<? super T, Html> render) {
        StringBuilder sb = new StringBuilder();
        for (T item : items) {
            sb.append(render.apply(item).markup);
        }
        return new Html(sb.toString());
    }

    /** Escapes text for an HTML element body or a double- or single-quoted attribute value. */
    static String escape(String text) {
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

    @Override
    public String toString() {
        return markup;
    }
}
