package io.ctops.sdk.web;

import com.vaadin.flow.component.Component;
import org.pf4j.ExtensionPoint;

/** A small component a plugin puts in the page header, left of the user menu (e.g. a notifications bell). */
public interface HeaderItem extends ExtensionPoint {

    /** A new component for one page; called once per page. */
    Component create();

    /** Position in the header; lower comes first. */
    default int order() {
        return 100;
    }
}
