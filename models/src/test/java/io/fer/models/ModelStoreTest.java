package io.fer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.models.store.ModelStore;
import io.fer.models.store.ModelStoreException;
import io.fer.models.store.PinnedFile;
import io.fer.models.store.PinnedPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    @Test
    void bundledPinsCoverTheDefaultGeneratorsWithChecksums() {
        List<PinnedPackage> pkgs = PinnedPackage.bundled();
        assertThat(pkgs).extracting(PinnedPackage::spec).contains("@vladmandic/human@3.3.6");
        assertThat(pkgs).allSatisfy(p -> assertThat(p.integrity()).startsWith("sha512-"));
        assertThat(pkgs.stream().flatMap(p -> p.files().stream()).map(PinnedFile::name))
                .contains("blazeface.json", "blazeface.bin", "emotion.json", "emotion.bin", "faceres.bin", "facemesh.bin",
                        "movenet-lightning.bin", "sample1.jpg");
        assertThat(pkgs.stream().flatMap(p -> p.files().stream())).allSatisfy(f -> assertThat(f.sha256()).hasSize(64));
    }

    @Test
    void aMissingOrCorruptFileIsReportedWithHowToFetch(@TempDir Path dir) throws Exception {
        String content = "hello";
        String sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        var pkg = new PinnedPackage("p", "p@1", "sha512-x", List.of(new PinnedFile("a.bin", "a.bin", sha)));
        ModelStore store = new ModelStore(dir, List.of(pkg));

        assertThat(store.problems()).containsExactly("a.bin: missing");
        assertThatThrownBy(() -> store.file("a.bin")).isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("missing").hasMessageContaining("./fer models fetch");

        Files.writeString(dir.resolve("a.bin"), "tampered");
        assertThat(store.problems()).containsExactly("a.bin: checksum mismatch");
        assertThatThrownBy(() -> store.file("a.bin")).hasMessageContaining("corrupt");

        Files.writeString(dir.resolve("a.bin"), content);
        assertThat(store.problems()).isEmpty();
        assertThat(store.file("a.bin")).isEqualTo(dir.resolve("a.bin"));
    }
}
