package io.instanceconsole.lab;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs the host lab ({@code .ci/host-lab.sh}): tag {@value #TAG}. Such a class is named
 * {@code *LabIT}, and only failsafe's {@code lab-integration-test} execution runs it, with its JVM inside the lab's
 * network namespace (pom.xml, {@code .ci/lab-jvm/bin/java}); the other failsafe execution excludes the tag, so
 * {@code -Dit.test=SomeLabIT} never runs it outside the namespace. Use it with {@link HostLab} as an extension:
 * <pre>{@code
 * @LabTest
 * class DockerOverSshLabIT {
 *     @RegisterExtension
 *     static final HostLab LAB = HostLab.hosts(2).withDocker();
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(LabTest.TAG)
public @interface LabTest {
    String TAG = "lab";
}
