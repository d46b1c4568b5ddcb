package dev.sluice.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few file operations the stores need to be crash-safe. A rename is atomic but not durable
 * until its directory is fsynced, and a new file's name is not durable until its directory is
 * fsynced either; these helpers do both so callers cannot forget one.
 *
 * <p>Everything is created owner-only (0700 / 0600) where the file system has POSIX permissions:
 * the data directory holds keysets and (encrypted) personal data.
 */
public final class DurableFiles {
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private DurableFiles() {}

  /**
   * Replaces {@code target} with {@code content} so that after a crash the file holds either the
   * old or the new content, never a mix: write a temporary file, fsync it, rename it over the
   * target, fsync the directory. Concurrent writers of the same target must be serialised by the
   * caller (the last rename wins).
   */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", ownerOnlyFile());
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("file system of " + dir + " cannot rename atomically", e);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    fsyncDirectory(dir);
  }

  /** Deletes the temporary files {@link #writeAtomically} leaves behind when it is interrupted. */
  public static void deleteStaleTemporaries(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(p)) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * Makes the directory's entries (created, renamed, deleted names) durable. Windows cannot open a
   * directory for fsync, and NTFS journals names itself, so there it is a no-op.
   */
  public static void fsyncDirectory(Path dir) throws IOException {
    if (WINDOWS) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Creates {@code dir} and any missing parents (owner-only) and makes each new name durable by
   * fsyncing the directory that holds it.
   */
  public static void createDirectories(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    List<Path> missing = new ArrayList<>();
    for (Path p = abs; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(p, ownerOnlyDirectory());
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw e;
        }
      }
      fsyncDirectory(p.getParent());
    }
  }

  /** Creates a new empty owner-only file; fails if it exists. The caller fsyncs the directory. */
  static FileChannel createNew(Path file) throws IOException {
    return FileChannel.open(
        file,
        java.util.Set.of(
            StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
        ownerOnlyFile());
  }

  private static FileAttribute<?>[] ownerOnlyFile() {
    return posix()
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }

  private static FileAttribute<?>[] ownerOnlyDirectory() {
    return posix()
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
        }
        : new FileAttribute<?>[0];
  }

  private static boolean posix() {
    return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
