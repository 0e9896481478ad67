package io.instanceconsole.domain;

/** A filter query that does not parse; the message says what is wrong and at which position. */
public class QuerySyntaxException extends InstanceConsoleException {
    public QuerySyntaxException(String message) {
        super(message);
    }
}
