package io.ctops.core.web;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;

/** A dialog that shows a new secret the one time it exists in clear. */
final class OnceShown {

    private OnceShown() {
    }

    static void show(String title, String explanation, String label, String secret, String id) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(title);
        TextArea value = new TextArea(label);
        value.setId(id);
        value.setValue(secret);
        value.setReadOnly(true);
        value.setWidth("40em");
        dialog.add(new Paragraph(explanation + " It is shown only now: copy it before closing."), value);
        Button close = new Button("I have copied it", e -> dialog.close());
        close.setId(id + "-close");
        dialog.getFooter().add(close);
        dialog.setCloseOnOutsideClick(false);
        dialog.open();
    }
}
