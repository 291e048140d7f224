package cn.futian.jufu.wechat;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
class WeChatBindingRepository implements PanacheRepositoryBase<WeChatBinding, Long> {

  /** A binding of another member with this openid, or (when given) this unionid. */
  /** Whose WeChat user this is: by unionid when WeChat gave one, else by openid. */
  Uni<WeChatBinding> findHolder(String openid, String unionid) {
    return unionid == null
        ? find("openid", openid).firstResult()
        : find("openid = ?1 or unionid = ?2", openid, unionid).firstResult();
  }

  Uni<WeChatBinding> findOtherHolder(long memberId, String openid, String unionid) {
    return unionid == null
        ? find("memberId <> ?1 and openid = ?2", memberId, openid).firstResult()
        : find("memberId <> ?1 and (openid = ?2 or unionid = ?3)", memberId, openid, unionid)
            .firstResult();
  }

  Uni<List<WeChatBinding>> ofMembers(Collection<Long> memberIds) {
    return list("memberId in ?1", memberIds);
  }
}
