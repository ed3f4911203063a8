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

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * Who is acting, for the audit log: Kairos calls the listener on the thread that made the change, so the
     * administrator behind a reset is known there although the event itself only names the account.
     */
    private static final ThreadLocal<String> ACTOR = new ThreadLocal<>();

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
        } catch (dev.kairos.mfa.AlreadyEnrolledException e) {
            throw new IllegalStateException("MFA is already active", e);
        }
    }

    @Override
    public Outcome confirm(String account, String code) {
        Confirmation c = enrollments.confirm(account, code);
        if (c instanceof Confirmation.Confirmed ok) {
            return new Confirmed(ok.recoveryCodes());
        } else if (c instanceof Confirmation.WrongCode) {
            return Refused.because(Reason.WRONG_CODE);
        } else if (c instanceof Confirmation.Malformed) {
            return Refused.because(Reason.MALFORMED);
        } else if (c instanceof Confirmation.LockedOut l) {
            return lockedOut(l.until());
        } else { // Expired or NotPending: the page starts over with a new QR code
            return Refused.because(Reason.NOTHING_PENDING);
        }
    }

    @Override
    public Outcome verify(String account, String code) {
        LoginCheck r = enrollments.verify(account, code);
        if (r instanceof LoginCheck.Accepted) {
            return new Accepted(-1);
        } else if (r instanceof LoginCheck.WrongCode) {
            return Refused.because(Reason.WRONG_CODE);
        } else if (r instanceof LoginCheck.Malformed) {
            return Refused.because(Reason.MALFORMED);
        } else if (r instanceof LoginCheck.Replayed) {
            return Refused.because(Reason.REPLAYED);
        } else if (r instanceof LoginCheck.LockedOut l) {
            return lockedOut(l.until());
        } else {
            return Refused.because(Reason.NOT_ENROLLED);
        }
    }

    @Override
    public Outcome recover(String account, String recoveryCode) {
        RecoveryResult r = enrollments.recover(account, recoveryCode);
        if (r instanceof RecoveryResult.Recovered ok) {
            return new Accepted(ok.remaining());
        } else if (r instanceof RecoveryResult.WrongCode) {
            return Refused.because(Reason.WRONG_CODE);
        } else if (r instanceof RecoveryResult.Malformed) {
            return Refused.because(Reason.WRONG_CODE); // a typo in a recovery code reads the same to the user
        } else if (r instanceof RecoveryResult.LockedOut l) {
            return lockedOut(l.until());
        } else {
            return Refused.because(Reason.NOT_ENROLLED);
        }
    }

    @Override
    public Outcome disable(String account, String codeOrRecoveryCode) {
        DisableResult r = enrollments.disable(account, codeOrRecoveryCode);
        if (r instanceof DisableResult.Disabled) {
            return new Accepted(-1);
        } else if (r instanceof DisableResult.WrongCode) {
            return Refused.because(Reason.WRONG_CODE);
        } else if (r instanceof DisableResult.Malformed) {
            return Refused.because(Reason.MALFORMED);
        } else if (r instanceof DisableResult.Replayed) {
            return Refused.because(Reason.REPLAYED);
        } else if (r instanceof DisableResult.LockedOut l) {
            return lockedOut(l.until());
        } else {
            return Refused.because(Reason.NOT_ENROLLED);
        }
    }

    @Override
    public void reset(String account, String admin) {
        ACTOR.set(admin);
        try {
            enrollments.reset(account);
        } finally {
            ACTOR.remove();
        }
    }

    @Override
    public boolean isActive(String account) {
        return enrollments.status(account) == EnrollmentStatus.ACTIVE;
    }

    private static Outcome lockedOut(Optional<Instant> until) {
        return new Refused(Reason.LOCKED_OUT, until.orElse(null));
    }

    /** The listener that writes Kairos's events into the audit log; set it on the {@code Enrollments} builder. */
    static dev.kairos.mfa.EnrollmentListener audit(AuditLog log) {
        return event -> {
            String actor = Optional.ofNullable(ACTOR.get()).orElse(event.accountId());
            String action;
            String detail;
            if (event instanceof EnrollmentEvent.Begun e) {
                action = "ENROLLMENT_BEGUN";
                detail = "pending until " + TIME.format(e.expiresAt());
            } else if (event instanceof EnrollmentEvent.Confirmed e) {
                action = "MFA_ACTIVATED";
                detail = e.recoveryCodes() + " recovery codes issued";
            } else if (event instanceof EnrollmentEvent.CodeAccepted e) {
                action = "CODE_ACCEPTED";
                detail = e.operation() + ", drift " + e.drift();
            } else if (event instanceof EnrollmentEvent.CodeRefused e) {
                action = "CODE_REFUSED";
                detail = e.operation() + ": " + e.refusal() + " (" + e.consecutiveFailures() + " failures in a row)";
            } else if (event instanceof EnrollmentEvent.LockedOut e) {
                action = "LOCKED_OUT";
                detail = e.until().map(u -> "until " + TIME.format(u)).orElse("until unlocked")
                        + " after " + e.consecutiveFailures() + " failures";
            } else if (event instanceof EnrollmentEvent.RecoveryCodeUsed e) {
                action = "RECOVERY_CODE_USED";
                detail = e.remaining() + " left";
            } else if (event instanceof EnrollmentEvent.Disabled e) {
                action = "MFA_DISABLED";
                detail = e.withRecoveryCode() ? "with a recovery code" : "with a code";
            } else if (event instanceof EnrollmentEvent.Reset) {
                action = "MFA_RESET";
                detail = "by an administrator";
            } else {
                action = "UNLOCKED";
                detail = "by an administrator";
            }
            log.add(new AuditLog.Entry(event.at(), actor, action, event.accountId(), detail));
        };
    }
}
