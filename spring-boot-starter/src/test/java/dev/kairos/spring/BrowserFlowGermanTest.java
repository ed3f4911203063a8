package dev.kairos.spring;

/** {@link BrowserFlowTest}'s flows with a browser asking for German: the pages answer in German. */
class BrowserFlowGermanTest extends BrowserFlowTest {

    @Override
    String language() {
        return "de";
    }
}
