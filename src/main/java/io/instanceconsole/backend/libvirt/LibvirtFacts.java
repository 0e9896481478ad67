package io.instanceconsole.backend.libvirt;

import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.UnavailableException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A domain's facts from its XML description, its state with the reason, and what libvirt says of it at run time
 * (balloon, persistence, autostart): vCPUs, memory, OS type, disks with their sources, NICs with MAC and network,
 * graphics and console devices. The XML is parsed with external entities and DTDs refused. Stateless.
 */
final class LibvirtFacts {
    private LibvirtFacts() {
    }

    /** What libvirt says of a domain besides its XML. */
    record Runtime(String state, int vcpus, long currentMemoryKiB, boolean persistent, boolean autostart) {
    }

    static InstanceFacts of(InstanceKey key, String xml, Runtime runtime, Instant now) {
        Element domain = parse(xml, key).getDocumentElement();
        InstanceFacts.Builder facts = InstanceFacts.builder(key, now);
        facts.section("State")
                .fact("State", runtime.state())
                .fact("Persistent", runtime.persistent() ? "yes (defined)" : "no (transient)")
                .fact("Autostart", runtime.autostart() ? "yes" : "no");
        Element os = child(domain, "os");
        Element type = os == null ? null : child(os, "type");
        facts.section("Machine")
                .fact("vCPUs", String.valueOf(runtime.vcpus()))
                .fact("Memory", kib(text(child(domain, "memory")), attribute(child(domain, "memory"), "unit")))
                .fact("Current memory (balloon)", runtime.currentMemoryKiB() + " KiB")
                .fact("OS type", type == null ? "" : text(type)
                        + (type.hasAttribute("arch") ? " · " + type.getAttribute("arch") : "")
                        + (type.hasAttribute("machine") ? " · " + type.getAttribute("machine") : ""))
                .fact("Hypervisor", domain.getAttribute("type"));
        Element devices = child(domain, "devices");
        List<Element> disks = children(devices, "disk");
        facts.section("Disks");
        for (Element disk : disks) {
            Element target = child(disk, "target");
            Element source = child(disk, "source");
            String from = source == null ? "no source (empty drive)" : firstAttribute(source, "file", "dev", "name", "volume");
            facts.fact(attribute(target, "dev") + " (" + disk.getAttribute("device") + ")", from
                    + (child(disk, "readonly") != null ? " (read-only)" : ""));
        }
        facts.section("Network interfaces");
        for (Element nic : children(devices, "interface")) {
            Element source = child(nic, "source");
            String network = source == null ? nic.getAttribute("type")
                    : nic.getAttribute("type") + " " + firstAttribute(source, "network", "bridge", "dev");
            Element model = child(nic, "model");
            facts.fact("MAC " + attribute(child(nic, "mac"), "address"), network
                    + (model == null ? "" : " · " + model.getAttribute("type")));
        }
        facts.section("Graphics and consoles");
        for (Element graphics : children(devices, "graphics")) {
            String port = graphics.getAttribute("port");
            facts.fact("Graphics", graphics.getAttribute("type")
                    + (port.isEmpty() || port.equals("-1") ? "" : " on port " + port));
        }
        for (String kind : List.of("serial", "console")) {
            for (Element device : children(devices, kind)) {
                Element target = child(device, "target");
                facts.fact(kind.equals("serial") ? "Serial" : "Console", device.getAttribute("type")
                        + (target == null || !target.hasAttribute("port") ? "" : " · port " + target.getAttribute("port"))
                        + (target == null || !target.hasAttribute("type") ? "" : " · " + target.getAttribute("type")));
            }
        }
        return facts.build();
    }

    /** Whether the domain has a serial port or console on a pty: what libvirt can open as its console. */
    static boolean hasSerialConsole(String xml) {
        Element devices = child(parse(xml, null).getDocumentElement(), "devices");
        for (String kind : List.of("serial", "console")) {
            for (Element device : children(devices, kind)) {
                if (device.getAttribute("type").equals("pty")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Document parse(String xml, InstanceKey key) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new UnavailableException("the description of domain " + (key == null ? "" : key.instanceId())
                    + " could not be read: " + e.getMessage(), e);
        }
    }

    private static String kib(String amount, String unit) {
        return amount + " " + (unit.isEmpty() ? "KiB" : unit);
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element element) {
        return element == null ? "" : element.getTextContent().trim();
    }

    private static String attribute(Element element, String name) {
        return element == null ? "" : element.getAttribute(name);
    }

    private static String firstAttribute(Element element, String... names) {
        for (String name : names) {
            if (element.hasAttribute(name)) {
                return element.getAttribute(name);
            }
        }
        return "";
    }
}
