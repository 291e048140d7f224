package cn.futian.jufu.home;

import cn.futian.jufu.events.EventDtos.EventSummary;
import cn.futian.jufu.members.MemberDtos.MeView;
import cn.futian.jufu.news.NewsDtos.NewsSummary;
import cn.futian.jufu.registrations.RegistrationDtos.RegistrationView;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The mini-app's "我的" page in one call. */
@Schema(name = "Home", description = "The member's online home (网上妇女之家): one call for the 我的 page")
public record HomeView(
    MeView me,
    @Schema(description = "My next confirmed sessions, soonest first (at most 5)")
        List<RegistrationView> nextSessions,
    @Schema(description = "Seats offered to me from the waitlist: confirm before offerExpiresAt")
        List<RegistrationView> offers,
    @Schema(description = "Where I wait, with my place (waitlistPosition)")
        List<RegistrationView> waitlist,
    @Schema(description = "Lottery applications not yet drawn") List<RegistrationView> lotteries,
    @Schema(description = "Sign-ups waiting for a cadre's approval")
        List<RegistrationView> awaitingApproval,
    @Schema(description = "Unread notifications in my inbox") long unreadNotifications,
    @Schema(description = "Latest news of my units and the units I follow (at most 5)")
        List<NewsSummary> news,
    @Schema(
            description =
                "Upcoming events for me: in my units' feed, rules I meet, not joined yet; kinds I"
                    + " am interested in first (at most 5)")
        List<EventSummary> recommended) {}
