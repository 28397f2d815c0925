// The form and the YAML pane are one document. An edit in the form is written as
// YAML by the server (psr fmt's layout) into the pane; an edit in the pane is read
// back as a tree. This is the bookkeeping that keeps either from undoing the other.

export class Sync {
  constructor() {
    /** Edits made in the form, counted. */
    this.edits = 0;
    /** The YAML text the form's tree was read from or written as. */
    this.treeText = null;
    this.writes = 0;
  }

  /** An edit in the form. */
  edited() {
    this.edits += 1;
  }

  /** Whether the pane holds a text the form has not read. */
  unread(text, writePending) {
    return text !== this.treeText && !writePending;
  }

  /** A read of the pane's text as a tree is sent. */
  read(text) {
    return { text, edits: this.edits };
  }

  /**
   * Whether the tree read for `ticket` may replace the form's: not when the text
   * changed meanwhile (a newer text will be read), nor when the form was edited
   * meanwhile (its edit would be undone; it is written to the text next).
   */
  readDone(ticket, textNow) {
    if (textNow !== ticket.text || this.edits !== ticket.edits) return false;
    this.treeText = ticket.text;
    return true;
  }

  /** A text the form could not read (it does not parse): not read again until it changes. */
  unreadable(text) {
    this.treeText = text;
  }

  /** The form's tree is sent to be written as YAML over `text`. */
  write(text) {
    this.writes += 1;
    return { text, n: this.writes };
  }

  /**
   * What to do with the YAML written for `ticket`: "stale" (a newer write is on its
   * way), "reread" (the pane changed meanwhile: it wins, and the form reads it), or
   * "apply".
   */
  writeDone(ticket, textNow, written) {
    if (ticket.n !== this.writes) return "stale";
    if (textNow !== ticket.text) return "reread";
    this.treeText = written;
    return "apply";
  }
}
