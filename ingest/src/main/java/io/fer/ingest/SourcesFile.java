package io.fer.ingest;

import io.fer.ingest.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parses a sources file: one "streamId URI" per line; blank lines and lines starting with # are skipped. */
public final class SourcesFile {
    private SourcesFile() {}

    public static List<SourceSpec> read(Path file, boolean live, boolean preAligned) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IngestException(file + ": cannot read the sources file (" + e.getMessage() + ")", e);
        }
        return parse(file.toString(), lines, live, preAligned);
    }

    static List<SourceSpec> parse(String name, List<String> lines, boolean live, boolean preAligned) {
        List<SourceSpec> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (parts.length < 2) {
                throw new IngestException(name + ":" + (i + 1) + ": expected 'streamId URI', got '" + line + "'");
            }
            if (!ids.add(parts[0])) {
                throw new IngestException(name + ":" + (i + 1) + ": stream id '" + parts[0] + "' is used twice");
            }
            out.add(SourceSpec.of(parts[1].strip(), parts[0], live, preAligned));
        }
        if (out.isEmpty()) {
            throw new IngestException(name + ": no sources");
        }
        return out;
    }
}
