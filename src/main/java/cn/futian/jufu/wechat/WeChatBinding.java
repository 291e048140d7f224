package cn.futian.jufu.wechat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A member's WeChat identity in this mini-program: at most one per member, and an openid belongs to
 * one member. The openid is what subscription messages are sent to; it is never shown to clients.
 */
@Entity
@Table(name = "wechat_binding")
public class WeChatBinding {

  @Id
  @Column(name = "member_id")
  public Long memberId;

  @Column(name = "openid", nullable = false, length = 64)
  public String openid;

  /** The user's id across the federation's WeChat apps, when WeChat gives one. */
  @Column(name = "unionid", length = 64)
  public String unionid;

  @Column(name = "bound_at", nullable = false)
  public OffsetDateTime boundAt;
}
