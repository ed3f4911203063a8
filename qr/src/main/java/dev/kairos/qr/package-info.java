/**
 * QR codes of {@code otpauth://} URIs, for the enrollment page: {@link dev.kairos.qr.QrCode} renders an
 * {@link dev.kairos.core.OtpAuthUri} as PNG, SVG, a {@code data:} URI or terminal text, with the
 * {@link dev.kairos.qr.QrOptions} error correction level and quiet zone.
 *
 * <pre>{@code
 * OtpAuthUri uri = OtpAuthUri.totp(Secret.generate(), TotpParameters.defaults())
 *         .issuer("ACME Corp").account("alice@acme.test");
 * QrCode qr = QrCode.of(uri);
 * String img = qr.toDataUri();      // <img src="data:image/png;base64,...">
 * byte[] png = qr.toPng(256);       // 256 x 256 pixels
 * String svg = qr.toSvg();
 * }</pre>
 *
 * <p>A URI too long for the largest QR code is an {@link dev.kairos.qr.UriTooLongException} (an
 * {@link IllegalArgumentException}). No method returns or accepts null.
 */
@NullMarked
package dev.kairos.qr;

import org.jspecify.annotations.NullMarked;
