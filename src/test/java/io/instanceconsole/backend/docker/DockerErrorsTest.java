package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UnsupportedException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class DockerErrorsTest {
    private static final String WHERE = "Docker host 'local' (unix:///var/run/docker.sock)";

    @Test
    void notFoundAndConflictBecomeDomainErrorsNamingContainerAndHost() {
        RuntimeException notFound = DockerErrors.translate(
                new NotFoundException("Status 404: {\"message\":\"No such container: abc\"}"), "pause of 'web'", WHERE);
        RuntimeException conflict = DockerErrors.translate(
                new ConflictException("Status 409: {\"message\":\"Container abc is already paused\"}"), "pause of 'web'", WHERE);

        assertThat(notFound).isInstanceOf(io.instanceconsole.domain.NotFoundException.class)
                .hasMessageContaining("'web'").hasMessageContaining(WHERE).hasMessageContaining("No such container: abc");
        assertThat(conflict).isInstanceOf(io.instanceconsole.domain.ConflictException.class)
                .hasMessageContaining("'web'").hasMessageContaining("already paused").hasMessageNotContaining("Status 409");
    }

    @Test
    void notModifiedIsNotReportedAsSuccess() {
        RuntimeException error = DockerErrors.translate(new NotModifiedException("Status 304: "), "start of 'web'", WHERE);

        assertThat(error).isInstanceOf(io.instanceconsole.domain.ConflictException.class).hasMessageContaining("already");
    }

    @Test
    void serverErrorsAndIoFailuresAreHostFailures() {
        RuntimeException server = DockerErrors.translate(
                new InternalServerErrorException("Status 500: {\"message\":\"containerd is down\"}"), "pause of 'web'", WHERE);
        RuntimeException io = DockerErrors.translate(
                new RuntimeException(new ConnectException("Connection refused")), "pause of 'web'", WHERE);

        assertThat(server).isInstanceOf(UnavailableException.class).hasMessageContaining("containerd is down");
        assertThat(io).isInstanceOf(UnavailableException.class).hasMessageContaining("unreachable")
                .hasMessageContaining("connection refused").hasMessageContaining(WHERE);
    }

    @Test
    void whatTheEngineCannotDoForAContainerIsUnsupportedNotAHostFailure() {
        // Docker 20.10's answer to reading the log of a container whose log driver is "none"
        DockerException notImplemented = new DockerException(
                "Status 501: {\"message\":\"configured logging driver does not support reading\"}", 501);

        RuntimeException error = DockerErrors.translate(notImplemented, "the log of 'web'", WHERE);

        assertThat(error).isInstanceOf(UnsupportedException.class).isNotInstanceOf(UnavailableException.class)
                .hasMessage("the log of 'web' is not possible on " + WHERE
                        + ": configured logging driver does not support reading");
    }

    /** Podman 4.3's answers, as its Docker-compatible socket sends them, where Docker answers 409. */
    @ParameterizedTest
    @ValueSource(strings = {
            "\\\"4f2a\\\" is already paused: container state improper",
            "\\\"4f2a\\\" is not paused, can't unpause: container state improper",
            "\\\"exited\\\" is not running, can't pause: container state improper"})
    void podmansWrongStateAnswerIsAConflictNotAHostFailure(String message) {
        InternalServerErrorException answer = new InternalServerErrorException("Status 500: {\"cause\":\"container state "
                + "improper\",\"message\":\"" + message + "\",\"response\":500}");

        RuntimeException error = DockerErrors.translate(answer, "pause of 'web'", WHERE);

        assertThat(DockerErrors.isWrongStateOnPodman(answer)).isTrue();
        assertThat(error).isInstanceOf(io.instanceconsole.domain.ConflictException.class)
                .hasMessageStartingWith("pause of 'web' refused by " + WHERE + ": ")
                .hasMessageEndingWith("container state improper").hasMessageNotContaining("Status 500");
    }

    @Test
    void podmansRefusalSaysItInsteadOfTheContainersFullId() {
        String id = "ae957a13937189276046bc63b04bb6e26a061d28b3ec5e679e0b50fe36c603ea";
        InternalServerErrorException answer = new InternalServerErrorException("Status 500: {\"cause\":\"container state "
                + "improper\",\"message\":\"\\\"" + id + "\\\" is already paused: container state improper\",\"response\":500}");

        assertThat(DockerErrors.translate(answer, "pause of 'web'", WHERE))
                .hasMessage("pause of 'web' refused by " + WHERE + ": it is already paused: container state improper");
    }

    @Test
    void onlyA500SayingContainerStateImproperIsTakenForPodmansRefusal() {
        InternalServerErrorException other = new InternalServerErrorException(
                "Status 500: {\"cause\":\"no such file\",\"message\":\"runc: container state improper? no: crashed\"}");
        ConflictException conflict = new ConflictException("Status 409: {\"message\":\"container state improper\"}");

        assertThat(DockerErrors.isWrongStateOnPodman(other)).isFalse();
        assertThat(DockerErrors.isWrongStateOnPodman(conflict)).isFalse();
        assertThat(DockerErrors.translate(other, "pause of 'web'", WHERE)).isInstanceOf(UnavailableException.class);
    }

    @Test
    void aPageFromSomethingThatIsNotDockerIsSummedUpInOneLine() {
        String page = "<!DOCTYPE HTML>\n<html lang=\"en\">\n  <head>\n    <title>Error response</title>\n"
                + "  </head>\n  <body>\n    <h1>Error response</h1>\n    <p>Error code: 404</p>\n  </body>\n</html>\n";

        String said = DockerErrors.engineMessage(new NotFoundException(page));

        assertThat(said).isEqualTo("an HTML page titled 'Error response'");
    }

    @Test
    void anyOtherAnswerIsOneLineOfBoundedLength() {
        String said = DockerErrors.engineMessage(new InternalServerErrorException("bad\n\n gateway " + "x".repeat(500)));

        assertThat(said).startsWith("bad gateway x").doesNotContain("\n").hasSizeLessThanOrEqualTo(400);
    }

    @Test
    void anOciRuntimeErrorKeepsItsCauseAtTheEnd() {
        String oci = "OCI runtime create failed: container_linux.go:380: starting container process caused: exec: "
                + "\"/nonexistent\": stat /nonexistent: no such file or directory: unknown";

        assertThat(DockerErrors.engineMessage(new InternalServerErrorException(oci))).isEqualTo(oci);
    }

    @Test
    void transportFailuresAreSaidInTheUsersWordsNotTheClientLibrarys() {
        // as httpclient5 reports a refused TCP connection: its own subclass, naming the URL it made of the URI
        RuntimeException refused = new RuntimeException(new HttpHostConnectException(
                "Connect to http://127.0.0.1:1 [/127.0.0.1] failed: Connection refused"));

        assertThat(DockerErrors.rootMessage(refused)).isEqualTo("connection refused");
        assertThat(DockerErrors.rootMessage(new RuntimeException(new UnknownHostException("no-such-host"))))
                .isEqualTo("unknown host 'no-such-host'");
        assertThat(DockerErrors.rootMessage(new RuntimeException(new SocketTimeoutException("Read timed out"))))
                .isEqualTo("timed out");
    }

    @Test
    void programmingErrorsAreNotBlamedOnTheHost() {
        IllegalStateException bug = new IllegalStateException("bug");

        assertThat(DockerErrors.translate(bug, "pause of 'web'", WHERE)).isSameAs(bug);
        assertThat(DockerErrors.isIoFailure(new RuntimeException(new IOException("broken pipe")))).isTrue();
    }
}
