package dev.switchboard.pipeline;

/** What the writer reports to metrics: one call per committed batch, one per failed write. */
public interface AuditObserver {
  void committed(int records, long fsyncNanos);

  void failed();

  AuditObserver NONE = new AuditObserver() {
    @Override
    public void committed(int records, long fsyncNanos) {}

    @Override
    public void failed() {}
  };
}
