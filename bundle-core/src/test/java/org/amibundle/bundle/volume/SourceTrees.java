package org.amibundle.bundle.volume;

import static org.amibundle.testing.ExternalTool.bash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Source trees for bundle-vol tests, made with the real tools (tests run as root). */
final class SourceTrees {

  private SourceTrees() {}

  /**
   * A tree with every file type: regular, sparse, empty, hard links, symlinks (to a file, a
   * directory, nowhere), a FIFO, character and block devices, a socket-free set of directories with
   * odd modes and owners, xattrs and an ACL, a 255-byte name and UTF-8 names, and an etc/fstab.
   */
  static Path everyFileType(Path root) throws IOException {
    Files.createDirectories(root);
    String longName = "n".repeat(255);
    bash(
        root,
        String.join(
            "\n",
            "mkdir -p etc home/user/docs 'dir with spaces' 'ünïcødé-目录' odd/sticky odd/private"
                + " var/log",
            "printf 'LABEL=root / ext4 defaults 0 1\\n' > etc/fstab",
            "printf 'hello\\n' > home/user/docs/hello.txt",
            "head -c 300000 /dev/urandom > home/user/docs/random.bin",
            ": > empty",
            "truncate -s 20M sparse.img && printf 'middle' | dd of=sparse.img bs=1 seek=10000000"
                + " conv=notrunc 2>/dev/null",
            "ln home/user/docs/hello.txt hardlink-to-hello",
            "ln home/user/docs/hello.txt 'dir with spaces/second-link'",
            "ln -s home/user/docs/hello.txt symlink-to-file",
            "ln -s home symlink-to-dir",
            "ln -s /nowhere/at/all dangling-symlink",
            "mkfifo fifo",
            "mknod chardev c 1 7",
            "mknod blockdev b 7 200",
            "printf 'utf8\\n' > 'ünïcødé-目录/файл.txt'",
            "printf 'long\\n' > 'dir with spaces/" + longName + "'",
            "chown -R 1000:1000 home/user && chown 1001:2002 var/log",
            "chmod 1777 odd/sticky && chmod 0700 odd/private && chmod 4755"
                + " home/user/docs/random.bin",
            "chmod 2750 var/log && chmod 0600 home/user/docs/hello.txt",
            "setfattr -n user.comment -v 'kept' home/user/docs/random.bin",
            "setfattr -n user.dirnote -v 'dir' odd/private",
            "setfacl -m u:4242:r home/user/docs/random.bin",
            "setfacl -d -m u:4242:rx odd/sticky",
            "touch -h -d '2001-02-03 04:05:06' symlink-to-file",
            "touch -d '1999-12-31 23:59:59' empty odd/private home/user/docs/hello.txt",
            "touch -d '2010-10-10 10:10:10' var/log odd 'ünïcødé-目录'"));
    return root;
  }

  /** Writes {@code text} to {@code root/relative}, making directories. */
  static void write(Path root, String relative, String text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
