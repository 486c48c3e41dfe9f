package io.ctops.plugin.monitoring.web;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import io.ctops.plugin.monitoring.checks.Check;
import io.ctops.plugin.monitoring.checks.CheckSpec;
import io.ctops.sdk.access.Refused;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates or edits one check. The fields shown follow the type; saving hands a {@link CheckSpec} to
 * the callback, whose refusal (invalid settings, name taken) is shown under the form.
 */
final class CheckForm extends VerticalLayout {

    private final TextField name = field("Name", "check-name");
    private final Select<String> type = new Select<>();
    private final TextField host = field("Host", "check-host");
    private final TextField port = field("Port", "check-port");
    private final TextField processName = field("Process name", "check-process-name");
    private final TextField pattern = field("Command-line pattern", "check-process-pattern");
    private final TextField url = field("URL", "check-url");
    private final TextField expectedStatus = field("Expected status", "check-expected-status");
    private final IntegerField interval = new IntegerField("Interval (s)");
    private final Checkbox enabled = new Checkbox("Enabled", true);
    private final Span error = new Span();

    CheckForm(Check existing, Consumer<CheckSpec> save, Runnable cancel) {
        setPadding(false);
        type.setLabel("Type");
        type.setId("check-type");
        type.setItems("port", "process", "http");
        type.addValueChangeListener(e -> showFieldsFor(e.getValue()));
        interval.setId("check-interval");
        interval.setMin(10);
        interval.setMax(86_400);
        enabled.setId("check-enabled");
        error.setId("check-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        if (existing != null) {
            name.setValue(existing.name());
            type.setValue(existing.type());
            Map<String, String> s = existing.settings();
            host.setValue(s.getOrDefault("host", ""));
            port.setValue(s.getOrDefault("port", ""));
            processName.setValue(s.getOrDefault("name", ""));
            pattern.setValue(s.getOrDefault("pattern", ""));
            url.setValue(s.getOrDefault("url", ""));
            expectedStatus.setValue(s.getOrDefault("expected_status", ""));
            interval.setValue(existing.intervalSecs());
            enabled.setValue(existing.enabled());
        } else {
            type.setValue("port");
            interval.setValue(60);
        }
        FormLayout form = new FormLayout(name, type, host, port, processName, pattern, url, expectedStatus, interval, enabled);
        Button saveButton = new Button("Save", e -> {
            try {
                save.accept(spec());
            } catch (Refused refused) {
                error.setText(refused.getMessage());
            }
        });
        saveButton.setId("check-save");
        saveButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancelButton = new Button("Cancel", e -> cancel.run());
        cancelButton.setId("check-cancel");
        add(form, error, new HorizontalLayout(saveButton, cancelButton));
        showFieldsFor(type.getValue());
    }

    private CheckSpec spec() {
        Map<String, String> settings = new LinkedHashMap<>();
        switch (type.getValue() == null ? "" : type.getValue()) {
            case "port" -> {
                settings.put("host", host.getValue());
                settings.put("port", port.getValue());
            }
            case "process" -> {
                settings.put("name", processName.getValue());
                settings.put("pattern", pattern.getValue());
            }
            case "http" -> {
                settings.put("url", url.getValue());
                settings.put("expected_status", expectedStatus.getValue());
            }
            default -> {
            }
        }
        return new CheckSpec(name.getValue(), type.getValue(), settings, interval.getValue(), enabled.getValue());
    }

    private void showFieldsFor(String checkType) {
        host.setVisible("port".equals(checkType));
        port.setVisible("port".equals(checkType));
        processName.setVisible("process".equals(checkType));
        pattern.setVisible("process".equals(checkType));
        url.setVisible("http".equals(checkType));
        expectedStatus.setVisible("http".equals(checkType));
    }

    private static TextField field(String label, String id) {
        TextField field = new TextField(label);
        field.setId(id);
        return field;
    }
}
