package org.confero.server.sip;

import org.confero.server.conference.LegListener;
import org.confero.server.sip.focus.FocusCall;

/**
 * What a SIP call hears from its leg: digits go to the PIN lobby or the DTMF reporter, keyframe requests become
 * SIP INFO picture_fast_update to the phone.
 */
final class CallListener implements LegListener {
    private final LegListener digits;
    private final FocusCall call;
    private final KeyframeRequester keyframes;

    CallListener(LegListener digits, FocusCall call, KeyframeRequester keyframes) {
        this.digits = digits;
        this.call = call;
        this.keyframes = keyframes;
    }

    @Override
    public void onDtmf(char digit) {
        digits.onDtmf(digit);
    }

    @Override
    public void onKeyframeNeeded() {
        keyframes.request(call);
    }
}
