package dev.kairos.benchmarks;

/**
 * Runs every library's self-check before any timing (benchmarks/run.sh calls it first; each benchmark's
 * {@code @Setup} runs its own again). Exits with status 1, naming the library and the check, if one fails.
 */
public final class SelfCheck {

    private SelfCheck() {
    }

    public static void main(String[] args) {
        System.out.println("Self-check at " + Fixtures.NOW + " (step " + Fixtures.STEP + "), " + Fixtures.POOL
                + " keys, on Java " + Runtime.version());
        int failed = 0;
        String[] names = {"Kairos", "SamStevens", "GoogleAuth", "JavaOtp", "OtpJava", "Aerogear", "Keycloak"};
        for (String name : names) {
            try {
                String result = switch (name) {
                    case "Kairos" -> Kairos.selfCheck();
                    case "SamStevens" -> SamStevens.selfCheck();
                    case "GoogleAuth" -> GoogleAuth.selfCheck();
                    case "JavaOtp" -> JavaOtp.selfCheck();
                    case "OtpJava" -> OtpJava.selfCheck();
                    case "Aerogear" -> Aerogear.selfCheck();
                    case "Keycloak" -> Keycloak.selfCheck();
                    default -> throw new IllegalStateException(name);
                };
                System.out.printf("  OK    %-11s %s%n", name, result);
            } catch (RuntimeException | LinkageError e) {
                failed++;
                System.out.printf("  FAIL  %-11s %s%n", name, e);
            }
        }
        if (failed > 0) {
            System.err.println(failed + " librar" + (failed == 1 ? "y" : "ies") + " failed the self-check: not timing.");
            System.exit(1);
        }
    }
}
