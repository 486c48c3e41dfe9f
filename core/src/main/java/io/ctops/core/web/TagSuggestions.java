package io.ctops.core.web;

import com.vaadin.flow.component.combobox.ComboBox;
import io.ctops.core.fleet.HostTags;
import java.util.ArrayList;
import java.util.List;

/** Autocomplete for tag fields: every key:value in use in the organisation, and any new one typed in. */
final class TagSuggestions {

    private TagSuggestions() {
    }

    static void attach(ComboBox<String> field, List<HostTags.CatalogueEntry> catalogue) {
        List<String> items = new ArrayList<>();
        catalogue.forEach(entry -> entry.values().keySet().forEach(value -> items.add(entry.key() + ":" + value)));
        field.setItems(items);
        field.setAllowCustomValue(true);
        field.addCustomValueSetListener(e -> {
            String typed = e.getDetail().strip();
            if (!typed.isEmpty() && !items.contains(typed)) {
                items.add(typed);
                field.setItems(items);
            }
            field.setValue(typed);
        });
    }
}
