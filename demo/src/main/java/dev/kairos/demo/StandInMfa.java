package dev.kairos.demo;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.kairos.core.ReplayGuard;
import dev.kairos.core.Secret;
import dev.kairos.core.SkewWindow;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.core.TotpVerifier;
import dev.kairos.core.Verification;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * TEMPORARY stand-in built on core alone, used until the store-spi and qr modules land on main; then
 * {@code KairosMfa} (the Enrollments service) replaces it.
 */
final class StandInMfa implements Mfa {

    private static final String ISSUER = "Kairos Demo";
    private static final int LOCK_AFTER = 5;

    private static final class State {
        Secret pending;
        Secret active;
        List<String> recoveryCodes = new ArrayList<>();
        int failures;
        Instant lockedUntil = Instant.MIN;
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Clock clock;
    private final TotpVerifier verifier;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    StandInMfa(Clock clock, AuditLog audit) {
        this.clock = clock;
        this.audit = audit;
        this.verifier = TotpVerifier.builder().clock(clock).window(SkewWindow.of(1, 1))
                .replayGuard(ReplayGuard.inMemory()).build();
    }

    @Override
    public synchronized Setup begin(String account) {
        State s = states.computeIfAbsent(account, a -> new State());
        s.pending = Secret.generate();
        String label = enc(ISSUER) + ":" + enc(account);
        String uri = "otpauth://totp/" + label + "?secret=" + s.pending.toBase32() + "&issuer=" + enc(ISSUER)
                + "&algorithm=SHA1&digits=6&period=30";
        audit.record(account, "ENROLLMENT_STARTED", account, "");
        return new Setup(uri, qrDataUri(uri), s.pending.toManualEntryKey(), ISSUER, account);
    }

    @Override
    public synchronized Outcome confirm(String account, String code) {
        State s = states.get(account);
        if (s == null || s.pending == null) {
            return Refused.because(Reason.NOTHING_PENDING);
        }
        Verification v = verifier.verify(account + "#pending", Totp.of(s.pending, TotpParameters.defaults()), code);
        if (v instanceof Verification.Rejected r) {
            return Refused.because(r.reason() == Verification.Reason.MALFORMED ? Reason.MALFORMED : Reason.WRONG_CODE);
        }
        s.active = s.pending;
        s.pending = null;
        s.recoveryCodes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            s.recoveryCodes.add(recoveryCode());
        }
        audit.record(account, "MFA_ACTIVATED", account, "");
        return new Confirmed(s.recoveryCodes);
    }

    @Override
    public synchronized Outcome verify(String account, String code) {
        State s = states.get(account);
        if (s == null || s.active == null) {
            return Refused.because(Reason.NOT_ENROLLED);
        }
        Instant now = clock.instant();
        if (now.isBefore(s.lockedUntil)) {
            return new Refused(Reason.LOCKED_OUT, s.lockedUntil);
        }
        Verification v = verifier.verify(account, Totp.of(s.active, TotpParameters.defaults()), code);
        if (v.isAccepted()) {
            s.failures = 0;
            return new Accepted(-1);
        }
        Verification.Reason r = ((Verification.Rejected) v).reason();
        if (r == Verification.Reason.MALFORMED) {
            return Refused.because(Reason.MALFORMED);
        }
        return fail(account, s, now, r == Verification.Reason.REPLAYED ? Reason.REPLAYED : Reason.WRONG_CODE);
    }

    private Outcome fail(String account, State s, Instant now, Reason reason) {
        if (++s.failures >= LOCK_AFTER) {
            s.lockedUntil = now.plus(Duration.ofSeconds(60L << Math.min(10, s.failures - LOCK_AFTER)));
            audit.record(account, "LOCKED_OUT", account, "until " + s.lockedUntil);
            return new Refused(Reason.LOCKED_OUT, s.lockedUntil);
        }
        return Refused.because(reason);
    }

    @Override
    public synchronized Outcome recover(String account, String recoveryCode) {
        State s = states.get(account);
        if (s == null || s.active == null) {
            return Refused.because(Reason.NOT_ENROLLED);
        }
        Instant now = clock.instant();
        if (now.isBefore(s.lockedUntil)) {
            return new Refused(Reason.LOCKED_OUT, s.lockedUntil);
        }
        String normal = recoveryCode == null ? "" : recoveryCode.trim().toUpperCase(java.util.Locale.ROOT);
        if (!s.recoveryCodes.remove(normal)) {
            return fail(account, s, now, Reason.WRONG_CODE);
        }
        s.failures = 0;
        audit.record(account, "RECOVERY_CODE_USED", account, s.recoveryCodes.size() + " left");
        return new Accepted(s.recoveryCodes.size());
    }

    @Override
    public synchronized Outcome disable(String account, String codeOrRecoveryCode) {
        String c = codeOrRecoveryCode == null ? "" : codeOrRecoveryCode.trim();
        Outcome o = c.chars().allMatch(ch -> ch >= '0' && ch <= '9') ? verify(account, c) : recover(account, c);
        if (o instanceof Accepted) {
            states.remove(account);
            audit.record(account, "MFA_DISABLED", account, "");
        }
        return o;
    }

    @Override
    public synchronized void reset(String account, String admin) {
        states.remove(account);
        audit.record(admin, "MFA_RESET", account, "by administrator");
    }

    @Override
    public synchronized boolean isActive(String account) {
        State s = states.get(account);
        return s != null && s.active != null;
    }

    private String recoveryCode() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String qrDataUri(String text) {
        try {
            BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
            int scale = 6;
            BufferedImage img = new BufferedImage(m.getWidth() * scale, m.getHeight() * scale,
                    BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, m.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (WriterException e) {
            throw new IllegalStateException("cannot encode the QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
