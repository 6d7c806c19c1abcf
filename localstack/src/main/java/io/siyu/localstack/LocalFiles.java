package io.siyu.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** File helpers shared by the local servers and their mains. */
final class LocalFiles {

  private LocalFiles() {}

  /**
   * Writes {@code content} to {@code target} through a temporary file and a rename, so that a shell
   * script polling for the file never reads it half written.
   */
  static void writeAtomically(Path target, String content) {
    Path absolute = target.toAbsolutePath();
    try {
      Path parent = absolute.getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, "." + absolute.getFileName(), ".tmp");
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      try {
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + absolute, e);
    }
  }

  /** The last {@code maxBytes} of a file, or a note that it is missing; for error messages. */
  static String tail(Path file, int maxBytes) {
    if (!Files.isRegularFile(file)) {
      return "(" + file + " does not exist)";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      long start = Math.max(0, length - maxBytes);
      byte[] bytes = new byte[(int) (length - start)];
      raf.seek(start);
      raf.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      return text.isBlank() ? "(" + file + " is empty)" : text;
    } catch (IOException e) {
      return "(could not read " + file + ": " + e + ")";
    }
  }
}
