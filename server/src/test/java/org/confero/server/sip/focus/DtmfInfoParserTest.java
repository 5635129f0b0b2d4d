package org.confero.server.sip.focus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DtmfInfoParserTest {
    @Test
    void dtmfRelayBodiesGiveTheirSignal() {
        assertThat(DtmfInfoParser.parse("dtmf-relay", "Signal=5\r\nDuration=160\r\n")).contains('5');
        assertThat(DtmfInfoParser.parse("dtmf-relay", "Signal= #\r\nDuration=100")).contains('#');
        assertThat(DtmfInfoParser.parse("dtmf-relay", "Signal=10\r\n")).contains('*');
        assertThat(DtmfInfoParser.parse("dtmf-relay", "Duration=160\r\n")).isEmpty();
        assertThat(DtmfInfoParser.parse("dtmf-relay", "Signal=E\r\n")).isEmpty();
    }

    @Test
    void dtmfBodiesAreTheDigit() {
        assertThat(DtmfInfoParser.parse("dtmf", "7\r\n")).contains('7');
        assertThat(DtmfInfoParser.parse("dtmf", "a")).contains('A');
        assertThat(DtmfInfoParser.parse("dtmf", "77")).isEmpty();
        assertThat(DtmfInfoParser.parse("dtmf", null)).isEmpty();
    }

    @Test
    void onlyTheTwoDtmfTypesAreRecognised() {
        assertThat(DtmfInfoParser.isDtmfType("application", "DTMF-Relay")).isTrue();
        assertThat(DtmfInfoParser.isDtmfType("application", "dtmf")).isTrue();
        assertThat(DtmfInfoParser.isDtmfType("application", "media_control+xml")).isFalse();
    }
}
