-- Instance Console state store, version 1.
-- The instance table is a cache that can be rebuilt from the hosts, while operation and audit_event are the
-- record of what the console did and can never be rebuilt, so nothing here deletes them.

CREATE TABLE connection (
    id          VARCHAR(64)   PRIMARY KEY,
    name        VARCHAR(200)  NOT NULL UNIQUE,
    kind        VARCHAR(16)   NOT NULL,
    uri         VARCHAR(2000) NOT NULL,
    tls_dir     VARCHAR(2000) DEFAULT '' NOT NULL,
    read_only   BOOLEAN       DEFAULT FALSE NOT NULL,
    enabled     BOOLEAN       DEFAULT TRUE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE instance (
    connection_id  VARCHAR(64)   NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
    instance_id    VARCHAR(200)  NOT NULL,
    name           VARCHAR(400)  NOT NULL,
    kind           VARCHAR(16)   NOT NULL,
    image          VARCHAR(1000) DEFAULT '' NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    status_reason  VARCHAR(400)  DEFAULT '' NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE,
    last_seen      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (connection_id, instance_id)
);

CREATE TABLE operation (
    id             VARCHAR(36)   PRIMARY KEY,
    connection_id  VARCHAR(64)   NOT NULL,
    instance_id    VARCHAR(200)  NOT NULL,
    instance_name  VARCHAR(400)  NOT NULL,
    action         VARCHAR(16)   NOT NULL,
    state          VARCHAR(16)   NOT NULL,
    requested_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at    TIMESTAMP WITH TIME ZONE,
    message        VARCHAR(4000) DEFAULT '' NOT NULL,
    user_name      VARCHAR(200)  DEFAULT '' NOT NULL
);
CREATE INDEX operation_by_state ON operation(state);

CREATE TABLE audit_event (
    seq              BIGINT AUTO_INCREMENT PRIMARY KEY,
    occurred_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    connection_id    VARCHAR(64)   NOT NULL,
    connection_name  VARCHAR(200)  DEFAULT '' NOT NULL,
    instance_id      VARCHAR(200)  NOT NULL,
    instance_name    VARCHAR(400)  DEFAULT '' NOT NULL,
    action           VARCHAR(32)   NOT NULL,
    outcome          VARCHAR(16)   NOT NULL,
    message          VARCHAR(4000) DEFAULT '' NOT NULL,
    user_name        VARCHAR(200)  DEFAULT '' NOT NULL,
    operation_id     VARCHAR(36)   DEFAULT '' NOT NULL
);
CREATE INDEX audit_event_by_time ON audit_event(occurred_at);
CREATE INDEX audit_event_by_instance ON audit_event(connection_id, instance_id);

CREATE TABLE setting (
    name   VARCHAR(200)  PRIMARY KEY,
    setting_value VARCHAR(4000) NOT NULL
);
