package org.confero.server.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SrtpKeysTest {
    @Test
    void splitsExporterOutputInRfc5764Order() {
        SrtpProfile p = SrtpProfile.AES128_CM_HMAC_SHA1_80;
        byte[] material = new byte[60];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) i;
        }
        SrtpKeys server = SrtpKeys.fromKeyingMaterial(p, material, true);
        SrtpKeys client = SrtpKeys.fromKeyingMaterial(p, material, false);
        // client_write_key | server_write_key | client_write_salt | server_write_salt
        assertThat(client.localKey()[0]).isEqualTo((byte) 0);
        assertThat(server.localKey()[0]).isEqualTo((byte) 16);
        assertThat(client.localSalt()[0]).isEqualTo((byte) 32);
        assertThat(server.localSalt()[0]).isEqualTo((byte) 46);
        assertThat(server.remoteKey()).isEqualTo(client.localKey());
        assertThat(server.remoteSalt()).isEqualTo(client.localSalt());
    }

    @Test
    void gcmUsesTwelveByteSaltsAndRejectsWrongLengths() {
        assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
        assertThatThrownBy(() -> SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, new byte[60], true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
