-- Per-connection display colour and resilience limits, editable in the Connections view.
-- A connection without a row here uses the defaults.
CREATE TABLE connection_policy (
    connection_id         VARCHAR(64) PRIMARY KEY REFERENCES connection(id) ON DELETE CASCADE,
    colour                VARCHAR(16) DEFAULT '' NOT NULL,
    call_timeout_ms       BIGINT      NOT NULL,
    failure_threshold     INT         NOT NULL,
    breaker_delay_ms      BIGINT      NOT NULL,
    max_concurrent_calls  INT         NOT NULL
);
