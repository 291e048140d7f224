package cn.futian.jufu.push;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One push to one target, already in the member's language.
 *
 * @param target FCM registration token or WeChat openid
 * @param templateKey what kind of message this is (SIGN_UP, REMINDER, CAMPAIGN): WeChat picks its
 *     subscription template by it
 * @param title short title (WeChat shows at most 20 characters of it)
 * @param body the text
 * @param link deep link into the app (a mini-program page path for WeChat), or null
 * @param when the time the message is about (a session's start), or null
 * @param collapseKey pushes with the same key replace each other on the phone (a retry never shows
 *     twice)
 * @param data extra key/value pairs for the app (notification id, event id, ...)
 * @param urgent high priority (cancellations, changed venues); others are normal priority
 * @param ttl how long FCM may hold the message for an offline device
 */
public record PushMessage(
    String target,
    String templateKey,
    String title,
    String body,
    String link,
    OffsetDateTime when,
    String collapseKey,
    Map<String, String> data,
    boolean urgent,
    Duration ttl) {}
