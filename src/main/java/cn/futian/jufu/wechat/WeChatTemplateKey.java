package cn.futian.jufu.wechat;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Our kinds of WeChat subscription message, one template each (the notification categories): the
 * key the mini-app reports after {@code wx.requestSubscribeMessage} and the key of {@code
 * fulian.wechat.templates}.
 */
@Schema(
    name = "WeChatTemplateKey",
    description =
        "SIGN_UP: sign-up updates; REMINDER: reminders before sessions; CAMPAIGN: news; CASE:"
            + " the case team's alerts (staff only, neutral texts)")
public enum WeChatTemplateKey {
  SIGN_UP,
  REMINDER,
  CAMPAIGN,
  CASE
}
