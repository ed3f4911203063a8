package dev.kairos.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data folder's secrets (the sealing key, the database password, the known-browser key) and its permissions:
 * the folder 0700 and every file in it 0600, so no other user of the machine can read the database files or the
 * keys (issue 24, finding 1).
 */
final class OwnerOnlyFiles {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /** Creates the folder owner-only, or makes an existing one owner-only. */
    static void folder(Path folder) {
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
            }
            Files.setPosixFilePermissions(folder, FOLDER);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the user's profile folder's ACLs must do.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + folder.toAbsolutePath() + " owner-only", e);
        }
    }

    /** Makes every regular file in the folder (not below it) 0600: the database files H2 created with the umask. */
    static void filesIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            }
        } catch (UnsupportedOperationException e) {
            // Not POSIX: see folder().
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the files in " + folder.toAbsolutePath() + " owner-only", e);
        }
    }

    /**
     * The random bytes kept in {@code folder/name}, made on first use. Safe when both portals start at once: the
     * file appears whole (a hard link to a finished draft) and the portal that loses the race reads the winner's.
     *
     * @param length the number of random bytes
     * @throws IllegalStateException if the file exists with another length
     */
    static byte[] secret(Path folder, String name, int length) {
        try {
            folder(folder);
            Path file = folder.resolve(name);
            if (!Files.exists(file)) {
                byte[] bytes = new byte[length];
                new SecureRandom().nextBytes(bytes);
                Path draft = Files.createTempFile(folder, name, ".tmp");
                try {
                    try {
                        Files.setPosixFilePermissions(draft, FILE);
                    } catch (UnsupportedOperationException e) {
                        // Not POSIX: see folder().
                    }
                    Files.write(draft, bytes, StandardOpenOption.WRITE);
                    Files.createLink(file, draft);
                } catch (FileAlreadyExistsException otherPortalFirst) {
                    // Read below.
                } finally {
                    Files.deleteIfExists(draft);
                }
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != length) {
                throw new IllegalStateException(file + " must hold " + length + " bytes; delete the data folder to "
                        + "start afresh");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + name + " in " + folder.toAbsolutePath(), e);
        }
    }
}
