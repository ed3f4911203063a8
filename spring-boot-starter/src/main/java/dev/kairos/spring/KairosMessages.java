package dev.kairos.spring;

import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The TOTP factor's texts from Spring's {@link MessageSource}: the application's own first (any {@code kairos.*}
 * key in its {@code messages*.properties} wins), then Kairos's bundle {@code dev/kairos/spring/messages} in
 * English (the fallback), German and Arabic. Thread-safe.
 */
final class KairosMessages {

    static final String BUNDLE = "dev/kairos/spring/messages";

    /** Private-use characters around an argument's index: they survive escaping, so markup can go in after it. */
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';

    private final Optional<MessageSource> application;
    private final ResourceBundleMessageSource own = new ResourceBundleMessageSource();

    KairosMessages(Optional<MessageSource> application) {
        this.application = application;
        own.setBasename(BUNDLE);
        own.setDefaultEncoding("UTF-8");
        own.setFallbackToSystemLocale(false); // a language without a file gets English, whatever the server's
        own.setAlwaysUseMessageFormat(true); // one quoting rule ('' for ') for texts with and without arguments
    }

    /** The text of a key in a language, arguments formatted as text. */
    String text(String key, Locale locale, Object... args) {
        if (application.isPresent()) {
            try {
                return application.get().getMessage(key, args, locale);
            } catch (NoSuchMessageException e) {
                // not overridden: Kairos's own text
            }
        }
        return own.getMessage(key, args, locale);
    }

    /**
     * The text of a key as HTML: the text escaped, each argument escaped unless it already is {@link Html} (so an
     * argument may carry markup, e.g. the user's name in {@code <b>}, wherever the language puts it).
     */
    Html html(String key, Locale locale, Object... args) {
        Object[] markers = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            markers[i] = OPEN + Integer.toString(i) + CLOSE;
        }
        String escaped = Html.escape(text(key, locale, markers));
        for (int i = 0; i < args.length; i++) {
            Html arg = args[i] instanceof Html h ? h : Html.of("{}", args[i]);
            escaped = escaped.replace((String) markers[i], arg.markup());
        }
        return new Html(escaped);
    }

    /** The language the texts are in ({@code kairos.lang}), for the page's {@code lang}. */
    String language(Locale locale) {
        return text("kairos.lang", locale);
    }

    /** Whether the language is written right to left ({@code kairos.dir=rtl}), for the page's {@code dir}. */
    boolean rightToLeft(Locale locale) {
        return "rtl".equals(text("kairos.dir", locale));
    }
}
