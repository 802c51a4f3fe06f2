package io.mailcluster.imap.session;

/**
 * The session's answer to an APPEND head: stream the message into {@code upload}, or answer
 * {@code refusal} (then {@code upload} is null and the message, if the client sends it anyway,
 * is read and dropped).
 */
public record AppendDecision(AppendUpload upload, SessionReply refusal) {}
