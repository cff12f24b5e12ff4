package dev.switchboard.protocol;

/** The server primitives a client names in a call and that grants cover: tools, prompts and resources. */
public enum Primitive { TOOL, PROMPT, RESOURCE }
