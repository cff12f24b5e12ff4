package dev.switchboard.pipeline;

/** What the writer reports to metrics: one call per committed batch, one per failed write, one per change. */
public interface AuditObserver {
  void committed(int records, long fsyncNanos);

  void failed();

  /** The trail became writable again, or stopped being writable (called once per change). */
  default void writable(boolean writable) {
  }

  AuditObserver NONE = new AuditObserver() {
    @Override
    public void committed(int records, long fsyncNanos) {}

    @Override
    public void failed() {}
  };
}
