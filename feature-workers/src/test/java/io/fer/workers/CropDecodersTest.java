package io.fer.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.workers.modality.Modality.Input;
import io.fer.workers.stage.CropDecoder;
import io.fer.workers.stage.SharedCropDecoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which stages of a worker process share their crops' decodes. */
class CropDecodersTest {

    @Test
    void stagesReadingTheSameCropShareOneDecoderAndALoneReaderDecodesItsOwn() {
        var decoders = Workers.cropDecoders(List.of(Input.FACE_CROP, Input.FACE_CROP, Input.FACE_CROP, Input.CONTEXT_CROP));
        assertThat(decoders.get(Input.FACE_CROP)).isInstanceOf(SharedCropDecoder.class);
        assertThat(decoders.get(Input.CONTEXT_CROP)).isSameAs(CropDecoder.OWN);

        var one = Workers.cropDecoders(List.of(Input.FACE_CROP));
        assertThat(one.get(Input.FACE_CROP)).isSameAs(CropDecoder.OWN);
    }
}
