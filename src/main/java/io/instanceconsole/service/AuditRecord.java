package io.instanceconsole.service;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.instanceconsole.domain.AuditEvent;

import java.time.Instant;

/**
 * One audit event as people and other programs get it: the GUI's Activity export (JSON and CSV) and
 * {@code instancectl history --json} write these fields, in this order, for the same event. Immutable.
 *
 * @param operationId the journal operation the event settles, or empty for a change observed on the host
 */
@JsonPropertyOrder({"time", "connection", "instance", "instanceId", "action", "outcome", "message", "user", "operationId"})
public record AuditRecord(Instant time, String connection, String instance, String instanceId, String action,
                          String outcome, String message, String user, String operationId) {
    public static AuditRecord of(AuditEvent e) {
        return new AuditRecord(e.time(), e.connectionName(), e.instanceName(), e.instanceId(), e.action(),
                e.outcome().name(), e.message(), e.user(), e.operationId());
    }
}
