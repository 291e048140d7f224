package cn.futian.jufu.common.crypto;

import jakarta.persistence.AttributeConverter;

/**
 * Base of the converters for encrypted text columns; each subclass names its column, which is bound
 * into the ciphertext ({@link FieldCipher}).
 */
public abstract class EncryptedString implements AttributeConverter<String, String> {

  private final String column;

  protected EncryptedString(String column) {
    this.column = column;
  }

  @Override
  public String convertToDatabaseColumn(String attribute) {
    return FieldCipher.current().encrypt(attribute, column);
  }

  @Override
  public String convertToEntityAttribute(String dbData) {
    return FieldCipher.current().decrypt(dbData, column);
  }
}
