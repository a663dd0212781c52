package io.fer.models.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** An npm package pinned by version and integrity, with the files the project uses from it. */
public record PinnedPackage(String id, String spec, String integrity, List<PinnedFile> files) {

    /** The packages listed in the bundled packages.properties. */
    public static List<PinnedPackage> bundled() {
        Properties p = new Properties();
        try (InputStream in = PinnedPackage.class.getResourceAsStream("packages.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<PinnedPackage> out = new ArrayList<>();
        for (String id : p.getProperty("packages").split(",")) {
            String prefix = id + ".file.";
            List<PinnedFile> files = p.stringPropertyNames().stream().filter(k -> k.startsWith(prefix)).sorted()
                    .map(k -> {
                        String[] v = p.getProperty(k).trim().split("\\s+");
                        return new PinnedFile(k.substring(prefix.length()), v[0], v[1]);
                    }).toList();
            out.add(new PinnedPackage(id, p.getProperty(id + ".spec"), p.getProperty(id + ".integrity"), files));
        }
        return List.copyOf(out);
    }
}
