package cn.futian.jufu.members;

import cn.futian.jufu.common.crypto.EncryptedString;
import cn.futian.jufu.common.crypto.FieldCipher;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** The member's sensitive columns, encrypted with AES-GCM ({@link FieldCipher}). */
public final class EncryptedColumns {

  public static final String PHONE = "member.phone";
  public static final String MARITAL_STATUS = "member.marital_status";
  public static final String DEPENDANT_NAME = "dependant.name";

  private EncryptedColumns() {}

  @Converter
  public static class Phone extends EncryptedString {
    public Phone() {
      super(PHONE);
    }
  }

  @Converter
  public static class DependantName extends EncryptedString {
    public DependantName() {
      super(DEPENDANT_NAME);
    }
  }

  @Converter
  public static class Marital implements AttributeConverter<MaritalStatus, String> {
    @Override
    public String convertToDatabaseColumn(MaritalStatus attribute) {
      return attribute == null
          ? null
          : FieldCipher.current().encrypt(attribute.name(), MARITAL_STATUS);
    }

    @Override
    public MaritalStatus convertToEntityAttribute(String dbData) {
      String plain = FieldCipher.current().decrypt(dbData, MARITAL_STATUS);
      return plain == null ? null : MaritalStatus.valueOf(plain);
    }
  }
}
