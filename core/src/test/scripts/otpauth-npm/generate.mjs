// Cross-check test data for Kairos OtpAuthUri, produced by an independent implementation: the npm package
// `otpauth` (pinned in package.json / package-lock.json).
//
// Order of commands, from the repository root (Node 20):
//   1. mvn -q -pl core test -Dtest=OtpAuthNpmCrossCheckTest -Dkairos.regenerate=true
//        writes core/src/test/resources/otpauth-npm/kairos-uris.txt (URIs Kairos writes; skip if unchanged)
//   2. (cd core/src/test/scripts/otpauth-npm && npm ci && node generate.mjs)
//        writes, next to kairos-uris.txt:
//        otpauth-made.tsv        URIs made by otpauth's TOTP/HOTP .toString() from fixed inputs, with those inputs
//        otpauth-read-kairos.tsv what OTPAuth.URI.parse reads from each line of kairos-uris.txt
//   3. mvn -q -pl core test -Dtest=OtpAuthNpmCrossCheckTest
//        checks that Kairos parses otpauth-made.tsv to the inputs, and that otpauth's reading equals Kairos's.
//
// Both outputs are tab-separated with the columns of COLUMNS; "-" marks a value that does not apply.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as OTPAuth from "otpauth";

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, "../../resources/otpauth-npm");
const version = JSON.parse(readFileSync(join(here, "node_modules/otpauth/package.json"), "utf8")).version;
const COLUMNS = ["uri", "type", "issuer", "account", "secret", "algorithm", "digits", "period", "counter"];
const header = (what) => [
  `# ${what}`,
  `# Produced by core/src/test/scripts/otpauth-npm/generate.mjs with otpauth ${version} on Node ${process.version}:`,
  "#   (cd core/src/test/scripts/otpauth-npm && npm ci && node generate.mjs)",
  "# Columns (tab-separated; '-' = does not apply, '' issuer = none):",
  "# " + COLUMNS.join("\t"),
];

function row(values) {
  for (const v of values) {
    if (/[\t\n\r]/.test(String(v))) throw new Error("a value holds a tab or newline: " + v);
  }
  return values.join("\t");
}

// --- 1. URIs that otpauth writes, from fixed inputs -------------------------------------------------------------
const SECRETS = [
  "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
  "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
  "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA",
  "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQ",
  "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
];
const NAMES = [
  ["ACME Corp", "alice@acme.test"],
  ["", "bob@example.com"],
  ["Jürgen & Söhne", "jürgen.müller@example.de"],
  ["100% Sure", "a+b@x.test"],
  ["GitHub", "octocat"],
  ["株式会社テスト", "ユーザー"],
  ["🔐 Vault", "ops 😀 team"],
  ["Slash/Co", "path/to/me"],
  ["O'Neil (Ops)!", "star*user"],
  ["Colon:Issuer", "plain"],
  ["ACME", "bob:with:colons"],
  ["", "no-issuer:colon"],
  ["Space Odyssey", "Dave Bowman"],
  ["Ωmega", "ΣΙΓΜΑ"],
  ["x=y&z", "q?r#s"],
];
const made = header("URIs made by the npm otpauth package from fixed inputs; the columns after 'uri' are those inputs.");
let n = 0;
for (const algorithm of ["SHA1", "SHA256", "SHA512"]) {
  for (const [issuer, account] of NAMES) {
    const secret = SECRETS[n % SECRETS.length];
    const digits = [6, 8, 7, 10, 6][n % 5];
    const issuerInLabel = n % 7 !== 3; // otpauth can leave the issuer out of the label, keeping only the parameter
    let otp;
    let period = "-";
    let counter = "-";
    if (n % 4 === 3) {
      counter = [0, 1, 42, 1099511627776][(n >> 2) % 4];
      otp = new OTPAuth.HOTP({ issuer, label: account, issuerInLabel, algorithm, digits, counter,
        secret: OTPAuth.Secret.fromBase32(secret) });
    } else {
      period = [30, 60, 15, 1, 86400][n % 5];
      otp = new OTPAuth.TOTP({ issuer, label: account, issuerInLabel, algorithm, digits, period,
        secret: OTPAuth.Secret.fromBase32(secret) });
    }
    made.push(row([otp.toString(), n % 4 === 3 ? "hotp" : "totp", issuer, account, secret, algorithm, digits,
      period, counter]));
    n++;
  }
}
writeFileSync(join(data, "otpauth-made.tsv"), made.join("\n") + "\n");

// --- 2. What otpauth reads from the URIs Kairos writes ---------------------------------------------------------
const kairos = readFileSync(join(data, "kairos-uris.txt"), "utf8").split("\n")
  .filter((l) => l.length > 0 && !l.startsWith("#"));
const read = header("What OTPAuth.URI.parse reads from each URI of kairos-uris.txt (type 'error: ...' if it threw).");
for (const uri of kairos) {
  try {
    const otp = OTPAuth.URI.parse(uri);
    const isHotp = otp instanceof OTPAuth.HOTP;
    read.push(row([uri, isHotp ? "hotp" : "totp", otp.issuer, otp.label, otp.secret.base32, otp.algorithm,
      otp.digits, isHotp ? "-" : otp.period, isHotp ? otp.counter : "-"]));
  } catch (e) {
    read.push(row([uri, "error: " + e.message, "-", "-", "-", "-", "-", "-", "-"]));
  }
}
writeFileSync(join(data, "otpauth-read-kairos.tsv"), read.join("\n") + "\n");
console.log(`wrote ${made.length - 5} otpauth-made URIs and ${read.length - 5} readings of Kairos URIs`);
