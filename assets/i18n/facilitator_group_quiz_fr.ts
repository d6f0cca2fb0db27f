<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>GroupQuizWidget</name>
    <message>
        <source>True</source>
        <translation>Vrai</translation>
    </message>
    <message>
        <source>False</source>
        <translation>Faux</translation>
    </message>
    <message>
        <source>Show of hands</source>
        <translation>Vote à main levée</translation>
    </message>
    <message>
        <source>Each participant&apos;s answer</source>
        <translation>La réponse de chaque participant·e</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Précédente</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Suivante ▶</translation>
    </message>
    <message>
        <source>Reveal the answer (R)</source>
        <translation>Montrer la réponse (R)</translation>
    </message>
    <message>
        <source>Show on the projector</source>
        <translation>Afficher au vidéoprojecteur</translation>
    </message>
    <message>
        <source>Save the results</source>
        <translation>Enregistrer les résultats</translation>
    </message>
    <message>
        <source>Answers of the participants</source>
        <translation>Réponses des participant·es</translation>
    </message>
    <message>
        <source>Question shown to the room</source>
        <translation>Question montrée à la salle</translation>
    </message>
    <message>
        <source>%1 participants present</source>
        <translation>%1 participant·es présent·es</translation>
    </message>
    <message>
        <source>Take the attendance first: nobody is marked present.</source>
        <translation>Faites d&apos;abord l&apos;appel : personne n&apos;est marqué présent.</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>Question %1 sur %2</translation>
    </message>
    <message>
        <source>Group quiz</source>
        <translation>Quiz collectif</translation>
    </message>
    <message>
        <source>Saved for %1 participants; average %2 %</source>
        <translation>Enregistré pour %1 participant·es ; moyenne %2 %</translation>
    </message>
</context>
<context>
    <name>ParticipantAnswersModel</name>
    <message>
        <source>Participant</source>
        <translation>Participant·e</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Réponse</translation>
    </message>
</context>
</TS>
