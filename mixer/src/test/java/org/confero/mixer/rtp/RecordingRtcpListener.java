package org.confero.mixer.rtp;

import java.util.ArrayList;
import java.util.List;

/** Collects what the parser reports, as readable strings, for assertions. */
final class RecordingRtcpListener implements RtcpListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void onSenderReport(long ssrc, long ntp, long rtpTs, long packets, long octets) {
        events.add("SR " + ssrc + " ntp=" + Long.toHexString(ntp) + " rtp=" + rtpTs + " p=" + packets + " o=" + octets);
    }

    @Override
    public void onReceiverReport(long ssrc, int blockCount) {
        events.add("RR " + ssrc + " blocks=" + blockCount);
    }

    @Override
    public void onReportBlock(long reporter, long source, int fraction, int cumLost, long extSeq, long jitter,
            long lsr, long dlsr) {
        events.add("block " + reporter + "->" + source + " f=" + fraction + " lost=" + cumLost + " seq=" + extSeq
                + " j=" + jitter + " lsr=" + lsr + " dlsr=" + dlsr);
    }

    @Override
    public void onCname(long ssrc, String cname) {
        events.add("CNAME " + ssrc + " " + cname);
    }

    @Override
    public void onBye(long ssrc) {
        events.add("BYE " + ssrc);
    }

    @Override
    public void onNack(long sender, long media, int pid, int blp) {
        events.add("NACK " + sender + "->" + media + " pid=" + pid + " blp=" + Integer.toBinaryString(blp));
    }

    @Override
    public void onPli(long sender, long media) {
        events.add("PLI " + sender + "->" + media);
    }

    @Override
    public void onFir(long sender, long target, int seq) {
        events.add("FIR " + sender + "->" + target + " seq=" + seq);
    }

    @Override
    public void onRemb(long sender, long bitrate, byte[] buf, int off, int count) {
        StringBuilder s = new StringBuilder("REMB " + sender + " " + bitrate + " [");
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : ",").append(Bytes.uint32(buf, off + 4 * i));
        }
        events.add(s.append(']').toString());
    }

    @Override
    public void onOther(int type, int countOrFormat) {
        events.add("other " + type + "/" + countOrFormat);
    }
}
