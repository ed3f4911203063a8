package dev.kairos.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesTheFiveCharactersThatMatterInTextAndAttributes() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;T&amp;C&lt;/a&gt;",
                Html.escape("<a href=\"x\" title='y'>T&C</a>"));
        assertEquals("plain text stays", Html.escape("plain text stays"));
        assertEquals("", Html.escape(null));
    }

    @Test
    void templatesEscapeEveryArgumentButHtml() {
        Html inner = Html.of("<b>{}</b>", "<i>");
        assertEquals("<p title=\"&quot;&gt;\"><b>&lt;i&gt;</b> 42</p>",
                Html.of("<p title=\"{}\">{} {}</p>", "\">", inner, 42).markup());
    }

    @Test
    void aTemplateAndItsArgumentsMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> Html.of("{} {}", "one"));
        assertThrows(IllegalArgumentException.class, () -> Html.of("{}", "one", "two"));
    }

    @Test
    void eachJoinsTheRenderedItems() {
        assertEquals("<li>a&amp;b</li><li>c</li>", Html.each(List.of("a&b", "c"), s -> Html.of("<li>{}</li>", s))
                .markup());
    }

    @Test
    void piecesAreEqualByTheirMarkupWhichIsAlsoTheirText() {
        Html a = Html.of("<b>{}</b>", "x");
        assertEquals(a, Html.of("<b>{}</b>", "x"));
        assertEquals(a.hashCode(), Html.of("<b>{}</b>", "x").hashCode());
        assertNotEquals(a, Html.of("<b>{}</b>", "y"));
        assertNotEquals(a, "<b>x</b>");
        assertEquals("<b>x</b>", a.toString());
        assertEquals("<b>x</b>".hashCode(), a.hashCode());
    }
}
