package dev.kairos.demo;

import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import dev.kairos.spring.Html;
import dev.kairos.spring.KairosPageFrame;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The starter's pages (code, recovery, ticket, recovery codes, MFA on/off, password) in the portal's look: its
 * brand bar, navigation and footer (the starter's {@link KairosPageFrame}), its stylesheet
 * ({@code kairos.web.stylesheets=/style.css}) and its name in the title. Before the second factor the bar offers
 * only "Sign out": the account's pages, its e-mail and the admin links wait for the code.
 */
final class PortalFrame implements KairosPageFrame {

    private final Layout layout;
    private final Directory directory;
    private final Enrollments mfa;
    private final AuthenticationTrustResolverImpl trust = new AuthenticationTrustResolverImpl();

    PortalFrame(Layout layout, Directory directory, Enrollments mfa) {
        this.layout = layout;
        this.directory = directory;
        this.mfa = mfa;
    }

    @Override
    public Html header(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || trust.isAnonymous(auth)) {
            return layout.bar(null);
        }
        Optional<Directory.User> user = directory.user(auth.getName());
        boolean codeStillDue = !PortalController.hasTotpFactor(auth)
                && mfa.status(auth.getName()) == EnrollmentStatus.ACTIVE;
        if (user.isEmpty() || codeStillDue) {
            return layout.bar(Pages.signOutOnly(request));
        }
        return layout.bar(Pages.nav(request, user.get().email(), user.get().admin()));
    }

    @Override
    public Html footer(HttpServletRequest request) {
        return layout.footer();
    }

    @Override
    public Optional<String> applicationName(HttpServletRequest request) {
        return Optional.of(layout.portal().title());
    }
}
