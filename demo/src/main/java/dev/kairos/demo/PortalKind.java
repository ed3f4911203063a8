package dev.kairos.demo;

/**
 * Which of the two portals this process is. Both run the same code on one database, so one MFA set-up covers both,
 * and a code used on one is refused on the other (the replay guard lives in the shared store).
 */
enum PortalKind {
    /** Where developers manage their applications; the default. */
    DEVELOPER("Developer Portal"),
    /** Where resellers and customers manage their organisations. */
    DASHBOARD("Management Dashboard");

    private final String title;

    PortalKind(String title) {
        this.title = title;
    }

    /** The name on every page, e.g. "Developer Portal". */
    String title() {
        return title;
    }
}
