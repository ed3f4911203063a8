package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The committed password hashes of the demo users, which spare a first start seconds of PBKDF2. */
class DirectoryTest {

    @Test
    void eachCommittedDemoHashIsTheDemoPasswordAtTheDefaultCost() {
        Passwords passwords = new Passwords(Passwords.DEFAULT_ITERATIONS);
        for (Directory.DemoAccount a : Directory.DEMO_ACCOUNTS) {
            assertTrue(a.defaultHash().startsWith("pbkdf2-sha256$" + Passwords.DEFAULT_ITERATIONS + "$"), a.email());
            assertTrue(passwords.matches(a.password().toCharArray(), a.defaultHash()), a.email());
        }
        // Control: a hash does not match any password.
        Directory.DemoAccount first = Directory.DEMO_ACCOUNTS.get(0);
        assertFalse(passwords.matches((first.password() + "!").toCharArray(), first.defaultHash()));
    }
}
