package dev.kairos.demo;

import dev.kairos.qr.QrCode;
import dev.kairos.mfa.Confirmation;
import dev.kairos.mfa.DisableResult;
import dev.kairos.mfa.EnrollmentEvent;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.LoginCheck;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.mfa.RecoveryResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The portal's MFA, done by Kairos: every call goes to the {@link Enrollments} service, and each of its results
 * becomes the portal's {@link Mfa.Outcome}. Its events feed the audit log (see {@link #audit}).
 */
final class KairosMfa implements Mfa {


    /**
     * Who is acting, for the audit log: Kairos calls the listener on the thread that made the change, so the
     * administrator behind a reset is known there although the event itself only names the account.
     */

    private final Enrollments enrollments;

    /** @param enrollments built with {@link #audit(AuditLog)} as its listener */
    KairosMfa(Enrollments enrollments) {
        this.enrollments = enrollments;
    }

    @Override
    public Setup begin(String account) {
        try {
            PendingEnrollment p = enrollments.begin(account, account);
            return new Setup(QrCode.of(p.uri()).toDataUri(), p.manualEntryKey(), p.issuer(), p.label());
        } catch (dev.kairos.mfa.EnrollmentConflictException e) {
            throw new IllegalStateException("MFA is already active", e);
        }
    }

    @Override
    public Outcome confirm(String account, String code) {
        Confirmation c = enrollments.confirm(account, code);
        if (c instanceof Confirmation.Confirmed ok) {
            return new Confirmed(ok.recoveryCodes());
        } else if (c instanceof dev.kairos.mfa.Outcome.WrongCode) {
            return Refused.because(Reason.WRONG_CODE);
        } else if (c instanceof dev.kairos.mfa.Outcome.Malformed) {
            return Refused.because(Reason.MALFORMED);
        } else if (c instanceof dev.kairos.mfa.Outcome.LockedOut l) {
            return lockedOut(l);
        } else { // Expired or NotPending: the page starts over with a new QR code
            return Refused.because(Reason.NOTHING_PENDING);
        }
    }

    @Override
    public Outcome verify(String account, String code) {
        LoginCheck r = enrollments.verify(account, code);
        if (r instanceof LoginCheck.Accepted) {
            return new Accepted(-1);
        } else if (r instanceof dev.kairos.mfa.Outcome.WrongCode) {
            return Refused.because(Reason.WRONG_CODE);
        } else if (r instanceof dev.kairos.mfa.Outcome.Malformed) {
            return Refused.because(Reason.MALFORMED);
        } else if (r instanceof dev.kairos.mfa.Outcome.Replayed) {
            return Refused.because(Reason.REPLAYED);
        } else if (r instanceof dev.kairos.mfa.Outcome.LockedOut l) {
            return lockedOut(l);
        } else {
            return Refused.because(Reason.NOT_ENROLLED);
        }
    }

    @Override
    public Outcome recover(String account, String recoveryCode) {
        RecoveryResult r = enrollments.recover(account, recoveryCode);
        if (r instanceof RecoveryResult.Recovered ok) {
            return new Accepted(ok.remaining());
        } else if (r instanceof dev.kairos.mfa.Outcome.WrongCode) {
            return Refused.because(Reason.WRONG_CODE);
        } else if (r instanceof dev.kairos.mfa.Outcome.Malformed) {
            return Refused.because(Reason.WRONG_CODE); // a typo in a recovery code reads the same to the user
        } else {
            return Refused.because(Reason.NOT_ENROLLED);
        }
    }

    @Override
    public Outcome disable(String account, String codeOrRecoveryCode) {
        DisableResult r = enrollments.disable(account, codeOrRecoveryCode);
        if (r instanceof DisableResult.Disabled) {
            return new Accepted(-1);
        } else if (r instanceof dev.kairos.mfa.Outcome.WrongCode) {
            return Refused.because(Reason.WRONG_CODE);
        } else if (r instanceof dev.kairos.mfa.Outcome.Malformed) {
            return Refused.because(Reason.MALFORMED);
        } else if (r instanceof dev.kairos.mfa.Outcome.Replayed) {
            return Refused.because(Reason.REPLAYED);
        } else if (r instanceof dev.kairos.mfa.Outcome.LockedOut l) {
            return lockedOut(l);
        } else {
            return Refused.because(Reason.NOT_ENROLLED);
        }
    }

    @Override
    public void reset(String account, String admin) {
        enrollments.reset(account, admin);
    }

    @Override
    public boolean isActive(String account) {
        return enrollments.status(account) == EnrollmentStatus.ACTIVE;
    }

    private static Outcome lockedOut(dev.kairos.mfa.Outcome.LockedOut lock) {
        return new Refused(Reason.LOCKED_OUT,
                lock instanceof dev.kairos.mfa.Outcome.LockedOut.Until u ? u.until() : null);
    }

    /** The listener that writes Kairos's events into the audit log; set it on the {@code Enrollments} builder. */
    static java.util.function.Consumer<EnrollmentEvent> audit(AuditLog log) {
        return event -> {
            // The event names its actor ("user:<id>", "admin:<id>", "system"); the audit log shows the id.
            String actor = event.actor().substring(event.actor().indexOf(':') + 1);
            String action = event.type().name();
            String detail = event.detail();
            log.add(new AuditLog.Entry(event.at(), actor, action, event.accountId(), detail));
        };
    }
}
