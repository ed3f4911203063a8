package dev.kairos.spring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of the TOTP factor as data: what it shows, never how. The filters decide which page and what is on it;
 * a {@link PageRenderer} turns it into HTML. Each page has a {@link #name()}, the name of its template.
 */
sealed interface KairosPage {

    /** The template name, e.g. {@code kairos/code}. */
    String name();

    /** Where a signed-in user without the factor types the code from the app. */
    record Code(String user, Optional<Refusal> error) implements KairosPage {
        public Code {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String name() {
            return "kairos/code";
        }
    }

    /** Where a recovery code replaces the code from the app. */
    record Recovery(String user, Optional<Refusal> error) implements KairosPage {
        public Recovery {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String name() {
            return "kairos/recovery";
        }
    }

    /** A new set-up: the QR code, the key to type, and the field for the first code. */
    record Setup(String issuer, String account, String qrDataUri, String manualKey) implements KairosPage {
        public Setup {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(qrDataUri, "qrDataUri");
            Objects.requireNonNull(manualKey, "manualKey");
        }

        @Override
        public String name() {
            return "kairos/setup";
        }
    }

    /** The first code was refused: type it again (the QR code is not shown again), or start over. */
    record SetupFailed(Refusal error) implements KairosPage {
        public SetupFailed {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String name() {
            return "kairos/setup-failed";
        }
    }

    /** MFA was turned on: the recovery codes, shown this once. */
    record RecoveryCodes(List<String> codes, String continueTo) implements KairosPage {
        public RecoveryCodes {
            codes = List.copyOf(codes);
            Objects.requireNonNull(continueTo, "continueTo");
        }

        @Override
        public String name() {
            return "kairos/recovery-codes";
        }
    }

    /** MFA is on; a code or recovery code turns it off. */
    record Active(Optional<Refusal> error) implements KairosPage {
        public Active {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String name() {
            return "kairos/active";
        }
    }

    /**
     * MFA was turned off.
     *
     * @param otherSessionsEnded how many other sessions of the user were ended (the page says so only if any)
     */
    record Disabled(String continueTo, int otherSessionsEnded) implements KairosPage {
        public Disabled {
            Objects.requireNonNull(continueTo, "continueTo");
        }

        @Override
        public String name() {
            return "kairos/disabled";
        }
    }

    /** A request the factor could not serve (e.g. an account name the store refuses, a lost race). */
    record Problem(Refusal error) implements KairosPage {
        public Problem {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String name() {
            return "kairos/problem";
        }
    }

    /** The set-up needs the enrollment ticket an administrator sent (the host requires one for this account). */
    record Ticket(Optional<Refusal> error) implements KairosPage {
        public Ticket {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String name() {
            return "kairos/ticket";
        }
    }

    /** The sign-in is older than {@code kairos.recent-sign-in}: enter the password again to go on. */
    record Password(String user, Optional<Refusal> error) implements KairosPage {
        public Password {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String name() {
            return "kairos/password";
        }
    }

    /**
     * Replace the recovery codes with a new set: a current code proves the app.
     *
     * @param remaining how many unused recovery codes the account has
     */
    record NewRecoveryCodes(int remaining, Optional<Refusal> error) implements KairosPage {
        public NewRecoveryCodes {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String name() {
            return "kairos/new-recovery-codes";
        }
    }

    /**
     * Signed in with a recovery code: how many are left, and a link to a new set.
     *
     * @param remaining how many unused recovery codes the account has now
     * @param renewUrl the new-recovery-codes page (with the context path)
     * @param continueTo where the user was going (with the context path)
     */
    record RecoveryUsed(int remaining, String renewUrl, String continueTo) implements KairosPage {
        public RecoveryUsed {
            Objects.requireNonNull(renewUrl, "renewUrl");
            Objects.requireNonNull(continueTo, "continueTo");
        }

        @Override
        public String name() {
            return "kairos/recovery-used";
        }
    }
    /**
     * The user's remembered browsers ({@code kairos.remembered-browsers.*}) and the button that signs out every
     * other browser.
     *
     * @param browsers the browsers still remembered, newest first
     * @param signedOut after "sign out other browsers": how many other sessions were ended and remembered browsers
     *     forgotten
     * @param action where "sign out other browsers" posts (with the context path)
     */
    record Browsers(List<Browser> browsers, Optional<SignedOut> signedOut, String action) implements KairosPage {
        public Browsers {
            browsers = List.copyOf(browsers);
            Objects.requireNonNull(signedOut, "signedOut");
            Objects.requireNonNull(action, "action");
        }

        @Override
        public String name() {
            return "kairos/browsers";
        }

        /**
         * One remembered browser.
         *
         * @param description what the browser said it was
         * @param since when it was remembered
         * @param until when it is asked for a code again
         * @param current whether it is the browser that shows the page
         */
        record Browser(String description, Instant since, Instant until, boolean current) {
        }

        /**
         * What "sign out other browsers" did.
         *
         * @param sessions the other sessions ended
         * @param browsers the other remembered browsers forgotten
         */
        record SignedOut(int sessions, int browsers) {
        }
    }
}
