package cn.futian.jufu.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;

/** A custom question of an event's sign-up form. */
@Entity
@Table(name = "event_question")
public class EventQuestion {

  /** Kinds of answers. */
  public enum Type {
    TEXT,
    SINGLE,
    MULTIPLE,
    NUMBER
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "event_id", nullable = false)
  public Long eventId;

  @Column(nullable = false)
  public short position;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 10)
  public Type type;

  @Column(nullable = false, length = 200)
  public String label;

  @Column(nullable = false)
  public boolean required;

  /** The choices of SINGLE and MULTIPLE questions. */
  @Column(columnDefinition = "varchar(50)[]")
  public String[] options;

  public List<String> optionList() {
    return options == null ? null : List.of(options);
  }

  @Column(name = "min_value")
  public Double minValue;

  @Column(name = "max_value")
  public Double maxValue;

  @Column(name = "max_length")
  public Integer maxLength;
}
